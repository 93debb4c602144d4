// After the servers answer: roles, the database, one schema per service, the vector extension,
// every service's migrations (each as its own role), and the JetStream streams (as the provisioner,
// the one NATS identity that may create or change them). Idempotent.
import { join } from 'node:path';

import type { Options } from '@mikro-orm/postgresql';

import { OfflineEmbeddings, readLlmConfig } from '@tandem/llm';
import { jetstreamManager } from '@nats-io/jetstream';

import { BusNames, PROVISIONER, assertJetStream, connectNats, provisionStreams, readNatsEnv } from '@tandem/messaging';
import {
  SERVICE_NAMES,
  ensureDatabase,
  ensureRolePasswords,
  ensureServiceRoles,
  hasVectorExtension,
  migrate,
  provisionDatabase,
  readDatabaseEnv,
  redactUrl,
  rolePasswordOf,
  type ServiceName,
} from '@tandem/persistence';

const root = join(__dirname, '..', '..');

/** Each app exports its ORM options factory as the default of src/mikro-orm.config.ts. */
function ormConfigOf(service: ServiceName): Options {
  const module = require(join(root, 'apps', service, 'src', 'mikro-orm.config.ts')) as { default: () => Options };
  return module.default();
}

async function main(): Promise<void> {
  const started = Date.now();
  const { DATABASE_URL, DATABASE_NAME, DATABASE_PASSWORDS_FILE } = readDatabaseEnv();
  if (!(await hasVectorExtension(DATABASE_URL))) {
    throw new Error(`PostgreSQL at ${redactUrl(DATABASE_URL)} has no pgvector extension available: install pgvector on that server`);
  }
  if (DATABASE_PASSWORDS_FILE) ensureRolePasswords(DATABASE_PASSWORDS_FILE, SERVICE_NAMES);
  // Each role gets its own password (<SERVICE>_DATABASE_PASSWORD, or this machine's generated file).
  await ensureServiceRoles(DATABASE_URL, SERVICE_NAMES, (service) => rolePasswordOf(service));
  await ensureDatabase(DATABASE_URL, DATABASE_NAME);
  await provisionDatabase(DATABASE_URL, DATABASE_NAME, SERVICE_NAMES);
  for (const service of SERVICE_NAMES) {
    const applied = await migrate(ormConfigOf(service));
    if (applied.length) console.error(`bootstrap ${service}: applied ${applied.join(', ')}`);
  }

  const { BUS_NAMESPACE, NATS_STREAM_REPLICAS } = readNatsEnv();
  const nc = await connectNats(PROVISIONER);
  try {
    await assertJetStream(nc);
    await provisionStreams(await jetstreamManager(nc), new BusNames(BUS_NAMESPACE), { replicas: NATS_STREAM_REPLICAS });
  } finally {
    await nc.close();
  }
  // Offline embeddings load a 300 MB word-vector file; building their compact cache once here
  // spares every service (and every parallel test file) from doing it at once.
  if (readLlmConfig().embeddings.provider === 'offline') await new OfflineEmbeddings().warmUp();
  console.error(`bootstrap: database "${DATABASE_NAME}", NATS and embeddings ready in ${Date.now() - started} ms`);
}

main().catch((error: Error) => {
  console.error(`bootstrap: ${error.message}`);
  process.exit(1);
});
