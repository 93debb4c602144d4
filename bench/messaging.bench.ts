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
  MessageBus,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  OutboxRelay,
  outboxInsert,
  type OutboxMessage,
  provisionStreams,
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
    const handledAt = new Map<string, number>();
    const consumer = new DurableConsumer(
      { orm, js, jsm, names, relay, service: 'bench', logger: quiet },
      Ping,
      async (_payload, { envelope }) => {
        // Resolve after the handler's transaction commits.
        setImmediate(() => {
          handledAt.set(envelope.id, performance.now());
          handled.get(envelope.id)?.();
        });
      },
      // BENCH_BATCH_SIZE=1 measures the consumer without shared transactions.
      { ...DEFAULT_CONSUMER_SETTINGS, retryBaseMs: 100, ...(process.env.BENCH_BATCH_SIZE ? { batchSize: Number(process.env.BENCH_BATCH_SIZE) } : {}) },
    );
    // Skip the floor's messages: this consumer only measures its own.
    await jsm.streams.purge(stream);
    await consumer.start();

    // Two producers, as services write: the hot paths' (chat's post and turn) stage their rows and
    // write them raw in their own statement inside MessageBus.transaction; the others record them
    // through the ORM's unit of work (`emit`, recordMessage). Both publish right after the commit.
    const committedAt = new Map<string, number>();
    const timedRelay = Object.create(relay, {
      publishAfterCommit: {
        value: (rows: OutboxMessage[]) => {
          for (const row of rows) committedAt.set(row.id, performance.now());
          return relay.publishAfterCommit(rows);
        },
      },
    }) as OutboxRelay;
    const bus = new MessageBus(orm, timedRelay);
    const producers = {
      staged: (n: number) =>
        bus.transaction(async ({ em, stage, publishAfterCommit }) => {
          const row = stage(Ping, { n });
          const insert = outboxInsert(em, [row])!;
          await em.execute(insert.sql, insert.params);
          publishAfterCommit([row]);
          return row.id;
        }),
      unitOfWork: (n: number) => bus.transaction(async ({ emit }) => emit(Ping, { n })),
    };

    const measure = async (produce: (n: number) => Promise<string>) => {
      const run = async (n: number) => {
        const id = await produce(n);
        // The handler may have run before the producer's transaction returned (it waits for JetStream's ack).
        if (!handledAt.has(id)) await new Promise<void>((resolve) => handled.set(id, resolve));
        const latency = handledAt.get(id)! - committedAt.get(id)!;
        for (const map of [handled, handledAt, committedAt]) map.delete(id);
        return latency;
      };
      const latency: number[] = [];
      for (let n = 0; n < LATENCY_SAMPLES; n++) latency.push(await run(n));
      const started = performance.now();
      const cpu = process.cpuUsage();
      await pool(THROUGHPUT_EVENTS, CONCURRENCY, async (n) => void (await run(n)));
      return { latency: summarize(latency), rate: THROUGHPUT_EVENTS / ((performance.now() - started) / 1000), cpu: cpuMsPerEvent(cpu) };
    };
    const paths = { staged: await measure(producers.staged), unitOfWork: await measure(producers.unitOfWork) };
    await consumer.stop();
    await relay.stop();

    // Each producer's own transaction with nothing after it (no publish): the ceiling of its path,
    // whatever the relay and the consumer cost.
    const alone = async (produce: (n: number) => Promise<unknown>) => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      await pool(THROUGHPUT_EVENTS, CONCURRENCY, async (n) => void (await produce(n)));
      return { rate: THROUGHPUT_EVENTS / ((performance.now() - started) / 1000), cpu: cpuMsPerEvent(cpu) };
    };
    const bare = new MessageBus(orm, { publishAfterCommit: async () => undefined } as unknown as OutboxRelay);
    const producersAlone = {
      staged: await alone((n) =>
        bare.transaction(async ({ em, stage }) => {
          const insert = outboxInsert(em, [stage(Ping, { n })])!;
          await em.execute(insert.sql, insert.params);
        }),
      ),
      unitOfWork: await alone((n) => bare.transaction(async ({ emit }) => void emit(Ping, { n }))),
    };

    const floor = summarize(floorLatency);
    const row = (path: string, { latency, rate, cpu }: { latency: ReturnType<typeof summarize>; rate: number; cpu: number }) => ({
      path,
      p50_ms: latency.p50,
      p99_ms: latency.p99,
      max_ms: latency.max,
      events_per_s: rate,
      node_cpu_ms_per_event: cpu,
      ratio_to_floor: rate / floorRate,
    });
    printTable(`Messaging: ${LATENCY_SAMPLES} sequential events for latency (ms, commit -> handled), ${THROUGHPUT_EVENTS} events at concurrency ${CONCURRENCY} for throughput`, [
      row('raw JetStream publish -> consume (floor)', { latency: floor, rate: floorRate, cpu: floorCpu }),
      row('staged outbox row (outboxInsert) -> relay -> JetStream -> inbox + handler', paths.staged),
      row('unit-of-work outbox row (emit) -> relay -> JetStream -> inbox + handler', paths.unitOfWork),
      row('producer transaction alone, staged', { latency: summarize([NaN]), ...producersAlone.staged }),
      row('producer transaction alone, unit of work', { latency: summarize([NaN]), ...producersAlone.unitOfWork }),
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
