import { jetstreamManager } from '@nats-io/jetstream';

import { BusNames, connectNats, readNatsEnv, streamConfigs } from '@tandem/messaging';

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
