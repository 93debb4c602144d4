// Writes the project's nats-server configuration: a user per service with permissions generated
// from the contract registry, the provisioner, the operator (npm run dlq) and, on this development
// or test machine, the tester (docs/security.md#the-bus). Usage: nats-config.ts <identities.json> <dir> <port> <dev|test>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureSecretsFile } from '@tandem/config';
import { createNatsIdentity, ensureNatsIdentities, natsServerConfig, natsUsers, publicKeyOf } from '@tandem/messaging';

import { OPERATOR, operatorPermissions } from '../../libs/operations/src/dlq/operator-permissions';

const [identitiesFile, dir, port, mode] = process.argv.slice(2);
if (!identitiesFile || !dir || !port || (mode !== 'dev' && mode !== 'test')) {
  console.error('usage: nats-config.ts <identities.json> <dir> <port> <dev|test>');
  process.exit(2);
}
const seeds = { ...ensureNatsIdentities(identitiesFile), ...ensureSecretsFile(identitiesFile, [OPERATOR], () => createNatsIdentity().seed) };
// Test files share one server, each under its own subject namespace.
const namespaced = mode === 'test';
const users = [...natsUsers(seeds, { namespaced, tester: true }), { name: OPERATOR, nkey: publicKeyOf(seeds[OPERATOR]!), permissions: operatorPermissions({ namespaced }) }];
writeFileSync(join(dir, 'nats.conf'), natsServerConfig({ port: Number(port), storeDir: join(dir, 'store'), users }), { mode: 0o600 });
