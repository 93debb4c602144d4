import type { INestApplication } from '@nestjs/common';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';

import type { DurableContract } from '@tandem/contracts';
import { BUS_NAMES, BusNames, JETSTREAM_MANAGER, connectNats, readNatsEnv, streamConfigs, streamForSubject } from '@tandem/messaging';

import { expectEventually } from './expect-eventually';

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

/**
 * Waits until a service's durable consumer of `contract` has settled everything in its stream:
 * nothing undelivered, nothing delivered and unacknowledged. For handlers that may write nothing
 * (no inbox row to wait for), published before this call.
 */
export async function expectConsumed(app: INestApplication, service: string, contract: DurableContract, handlerName?: string): Promise<void> {
  const jsm = app.get<JetStreamManager>(JETSTREAM_MANAGER);
  const names = app.get<BusNames>(BUS_NAMES);
  const durable = names.durable(handlerName ? `${service}__${handlerName}` : service, contract.subject);
  await expectEventually(async () => {
    const info = await jsm.consumers.info(streamForSubject(names, contract.subject), durable);
    expect({ pending: info.num_pending, unacknowledged: info.num_ack_pending }).toEqual({ pending: 0, unacknowledged: 0 });
  });
}
