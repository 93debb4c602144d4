// Commit-to-handler latency and throughput through outbox + JetStream + inbox, beside the raw
// JetStream publish-and-consume floor measured in the same run on the same server.
// Run: npm run bench -- messaging
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { MikroORM } from '@mikro-orm/postgresql';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { z } from 'zod';

import { defineEvent } from '@tandem/contracts';
import {
  BusNames,
  connectNats,
  DEFAULT_CONSUMER_SETTINGS,
  DurableConsumer,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  OutboxRelay,
  provisionStreams,
  recordMessage,
  streamConfigs,
} from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';
import { createTestDatabase } from '@tandem/testing';

import { pool, printTable, summarize } from './stats';

const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const THROUGHPUT_EVENTS = Number(process.env.BENCH_EVENTS ?? 3_000);
const CONCURRENCY = 16;

const Ping = defineEvent({
  type: 'bench.ping',
  version: 1,
  owner: 'bench',
  description: 'Benchmark event',
  payload: z.object({ n: z.number().int() }),
  example: { n: 1 },
});

/** This process's CPU time (user + system) since `since`, per throughput event: steadier than events/s on a busy machine. */
const cpuMsPerEvent = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000 / THROUGHPUT_EVENTS;
};

const quiet = { log: () => undefined, warn: () => undefined, error: (message: string) => console.error(message) };

async function main(): Promise<void> {
  const names = new BusNames(`bench${randomUUID().slice(0, 8)}`);
  const db = await createTestDatabase({
    'coach-state': (clientUrl) => defineServiceConfig({ service: 'coach-state', entities: MESSAGING_ENTITIES, migrations: MESSAGING_MIGRATIONS, migrationsPath: join(__dirname, 'none'), clientUrl }),
  });
  const nc = await connectNats('bench');
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  await provisionStreams(jsm, names);
  const orm = await MikroORM.init({ ...db.ormConfig('coach-state'), debug: false, pool: { min: 0, max: 20 } });
  const subject = names.subject(Ping.subject);
  const stream = names.stream('EVENTS');

  try {
    // Floor: publish to JetStream and consume with a durable pull consumer, nothing else.
    const arrivals = new Map<number, () => void>();
    await jsm.consumers.add(stream, { durable_name: 'floor', filter_subject: subject, ack_policy: AckPolicy.Explicit });
    const floorMessages = await (await js.consumers.get(stream, 'floor')).consume({ max_messages: 256 });
    void (async () => {
      for await (const msg of floorMessages) {
        msg.ack();
        arrivals.get(msg.json<{ n: number }>().n)?.();
      }
    })();
    const arrived = (n: number) => new Promise<void>((resolve) => arrivals.set(n, resolve));

    const floorLatency: number[] = [];
    for (let n = 0; n < LATENCY_SAMPLES; n++) {
      const done = arrived(n);
      const start = performance.now();
      await js.publish(subject, JSON.stringify({ n }), { msgID: randomUUID() });
      await done;
      floorLatency.push(performance.now() - start);
    }
    let started = performance.now();
    let cpu = process.cpuUsage();
    await pool(THROUGHPUT_EVENTS, CONCURRENCY, async (i) => {
      const n = LATENCY_SAMPLES + i;
      const done = arrived(n);
      await js.publish(subject, JSON.stringify({ n }), { msgID: randomUUID() });
      await done;
    });
    const floorRate = THROUGHPUT_EVENTS / ((performance.now() - started) / 1000);
    const floorCpu = cpuMsPerEvent(cpu);
    await floorMessages.close();

    // Tandem's path: commit (business write + outbox row) -> relay -> JetStream -> consumer -> inbox + handler commit.
    const relay = new OutboxRelay(orm, js, names, quiet);
    const handled = new Map<string, () => void>();
    const consumer = new DurableConsumer(
      { orm, js, jsm, names, relay, service: 'bench', logger: quiet },
      Ping,
      async (_payload, { envelope }) => {
        const resolve = handled.get(envelope.id);
        // Resolve after the handler's transaction commits.
        setImmediate(() => resolve?.());
      },
      // BENCH_BATCH_SIZE=1 measures the consumer without shared transactions.
      { ...DEFAULT_CONSUMER_SETTINGS, retryBaseMs: 100, ...(process.env.BENCH_BATCH_SIZE ? { batchSize: Number(process.env.BENCH_BATCH_SIZE) } : {}) },
    );
    // Skip the floor's messages: this consumer only measures its own.
    await jsm.streams.purge(stream);
    await consumer.start();

    const commitOne = async (n: number) => {
      let id = '';
      const row = await orm.em.fork().transactional(async (em) => {
        const outbox = recordMessage(em, Ping, { n });
        id = outbox.id;
        return outbox;
      });
      const done = new Promise<void>((resolve) => handled.set(id, resolve));
      return { row, done };
    };

    const outboxLatency: number[] = [];
    for (let n = 0; n < LATENCY_SAMPLES; n++) {
      const { row, done } = await commitOne(n);
      const committed = performance.now();
      await relay.publishAfterCommit([row]);
      await done;
      outboxLatency.push(performance.now() - committed);
    }
    started = performance.now();
    cpu = process.cpuUsage();
    await pool(THROUGHPUT_EVENTS, CONCURRENCY, async (n) => {
      const { row, done } = await commitOne(n);
      await relay.publishAfterCommit([row]);
      await done;
    });
    const outboxRate = THROUGHPUT_EVENTS / ((performance.now() - started) / 1000);
    const outboxCpu = cpuMsPerEvent(cpu);
    await consumer.stop();
    await relay.stop();

    // The producer's own transaction (begin, outbox insert, commit) with nothing after it: the
    // ceiling of the path above, whatever the relay and the consumer cost.
    started = performance.now();
    cpu = process.cpuUsage();
    await pool(THROUGHPUT_EVENTS, CONCURRENCY, async (n) => void (await commitOne(n)));
    const producerRate = THROUGHPUT_EVENTS / ((performance.now() - started) / 1000);
    const producerCpu = cpuMsPerEvent(cpu);

    const floor = summarize(floorLatency);
    const outbox = summarize(outboxLatency);
    printTable(`Messaging: ${LATENCY_SAMPLES} sequential events for latency (ms), ${THROUGHPUT_EVENTS} events at concurrency ${CONCURRENCY} for throughput`, [
      { path: 'raw JetStream publish -> consume (floor)', p50_ms: floor.p50, p99_ms: floor.p99, max_ms: floor.max, events_per_s: floorRate, node_cpu_ms_per_event: floorCpu },
      { path: 'outbox commit -> relay -> JetStream -> inbox + handler', p50_ms: outbox.p50, p99_ms: outbox.p99, max_ms: outbox.max, events_per_s: outboxRate, node_cpu_ms_per_event: outboxCpu },
      { path: 'producer commit alone (begin, outbox insert, commit)', p50_ms: NaN, p99_ms: NaN, max_ms: NaN, events_per_s: producerRate, node_cpu_ms_per_event: producerCpu },
      {
        path: 'ratio (outbox / floor)',
        p50_ms: outbox.p50 / floor.p50,
        p99_ms: outbox.p99 / floor.p99,
        max_ms: outbox.max / floor.max,
        events_per_s: outboxRate / floorRate,
        node_cpu_ms_per_event: outboxCpu / floorCpu,
      },
    ]);
  } finally {
    await orm.close(true);
    for (const config of streamConfigs(names, { replicas: 1 })) await jsm.streams.delete(config.name).catch(() => undefined);
    await nc.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
