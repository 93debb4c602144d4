import { jetstreamManager, type ConsumerInfo } from '@nats-io/jetstream';

import { BusNames, connectNats, readNatsEnv } from '@tandem/messaging';

import { expectEventually } from './expect-eventually';

/**
 * What a service's durable consumer of a subject (a contract's subject, without the namespace)
 * must come to in this file's bus namespace (or `names`):
 * - `settled`: every message delivered and settled, none pending, none awaiting an ack or a retry.
 *   Wait for it before asserting that something did *not* happen (no second effect, no retry).
 * - `retrying`: every message delivered and at least one failed and held for a retry.
 * Waiting on these replaces sleeping for "long enough".
 */
export async function expectConsumer(
  service: string,
  subject: string,
  state: 'settled' | 'retrying',
  { timeoutMs = 10_000, names = new BusNames(readNatsEnv().BUS_NAMESPACE) }: { timeoutMs?: number; names?: BusNames } = {},
): Promise<ConsumerInfo> {
  const nc = await connectNats('test-consumer-check');
  try {
    const jsm = await jetstreamManager(nc);
    const stream = await jsm.streams.find(names.subject(subject));
    const durable = names.durable(service, subject);
    return await expectEventually(
      async () => {
        const info = await jsm.consumers.info(stream, durable);
        const reached = info.num_pending === 0 && (state === 'settled' ? info.num_ack_pending === 0 : info.num_ack_pending > 0);
        if (!reached) throw new Error(`${durable} is not ${state}: ${info.num_pending} pending, ${info.num_ack_pending} awaiting an ack or a retry`);
        return info;
      },
      { timeoutMs, intervalMs: 25 },
    );
  } finally {
    await nc.close();
  }
}

/**
 * Waits until every durable consumer on every stream of the namespace is settled: the whole
 * system has done what it was asked so far. Whole-system tests use it before asserting on the
 * rows that asynchronous consumers derive (or before clearing them).
 */
export async function expectBusSettled({ timeoutMs = 30_000, names = new BusNames(readNatsEnv().BUS_NAMESPACE) }: { timeoutMs?: number; names?: BusNames } = {}): Promise<void> {
  const nc = await connectNats('test-bus-check');
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = names.stream('');
    await expectEventually(
      async () => {
        const busy: string[] = [];
        for await (const stream of jsm.streams.list()) {
          if (!stream.config.name.startsWith(prefix)) continue;
          for await (const consumer of jsm.consumers.list(stream.config.name)) {
            if (consumer.num_pending !== 0 || consumer.num_ack_pending !== 0) busy.push(`${consumer.name} (${consumer.num_pending} pending, ${consumer.num_ack_pending} unacked)`);
          }
        }
        if (busy.length) throw new Error(`the bus is not settled: ${busy.join(', ')}`);
      },
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    await nc.close();
  }
}
