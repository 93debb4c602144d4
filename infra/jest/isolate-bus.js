// Runs before each test file: its own NATS namespace (subjects, streams, queue-group subjects),
// so test files running in parallel on one server never see each other's messages.
const { randomBytes } = require('node:crypto');

process.env.BUS_NAMESPACE = `t${randomBytes(5).toString('hex')}`;
