import { jetstreamManager } from '@nats-io/jetstream';

import { BusNames, connectNats, provisionStreams, readNatsEnv, readNatsIdentities, streamConfigs } from '@tandem/messaging';

/** Deletes the streams of this test file's BUS_NAMESPACE (apps under test provisioned them). */
export async function deleteBusStreams(): Promise<void> {
  const { BUS_NAMESPACE } = readNatsEnv();
  if (!BUS_NAMESPACE) throw new Error('Refusing to delete streams outside a test namespace (BUS_NAMESPACE is empty)');
  const nc = await connectNats('test-cleanup');
  try {
    const jsm = await jetstreamManager(nc);
    for (const config of streamConfigs(new BusNames(BUS_NAMESPACE), { replicas: 1 })) await jsm.streams.delete(config.name).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

/** One provisioning per server and namespace, shared by the apps a test starts at once. */
const provisioned = new Map<string, Promise<void>>();

/**
 * The bus side of starting an app as a process: its own NATS identity when the server has users
 * (NATS_IDENTITIES_FILE, set by the bootstrap for its nats-server), and this namespace's streams,
 * which the app itself may not create (the migrate step does that in a deployment).
 */
export async function busEnvOf(app: string, env: Record<string, string | undefined> = {}): Promise<Record<string, string>> {
  const settings = readNatsEnv({ ...process.env, ...env });
  const key = `${settings.NATS_URL}#${settings.BUS_NAMESPACE}`;
  if (!provisioned.has(key)) {
    const provisioning = (async () => {
      const nc = await connectNats('test-provisioning', settings.NATS_URL);
      try {
        // Replicated streams take a raft election each: more than the API's default 5 s on a busy machine.
        await provisionStreams(await jetstreamManager(nc, { timeout: 30_000 }), new BusNames(settings.BUS_NAMESPACE), { replicas: settings.NATS_STREAM_REPLICAS });
      } finally {
        await nc.close();
      }
    })();
    provisioned.set(key, provisioning);
    provisioning.catch(() => provisioned.delete(key));
  }
  await provisioned.get(key);
  const file = process.env.NATS_IDENTITIES_FILE;
  if (!file || env.NATS_NKEY_SEED) return {};
  const seed = readNatsIdentities(file)[app];
  if (!seed) throw new Error(`${file} has no NATS identity for ${app}`);
  return { NATS_NKEY_SEED: seed };
}
