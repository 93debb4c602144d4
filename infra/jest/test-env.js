// Runs before each test file.
const { randomBytes } = require('node:crypto');

// Its own NATS namespace (subjects, streams, queue-group subjects), so test files running in
// parallel on one server never see each other's messages.
process.env.BUS_NAMESPACE = `t${randomBytes(5).toString('hex')}`;

// Small connection pools for the apps a test builds in its process: test files of two projects
// run at once beside whole-system tests, all on one PostgreSQL and its max_connections.
process.env.DATABASE_POOL_MAX ??= '4';
