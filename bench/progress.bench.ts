// The check-in scheduler under load: BENCH_USERS users (100,000) each with a commitment falling due
// within one minute, two progress replicas (separate processes, from dist/) claiming with FOR UPDATE
// SKIP LOCKED. Due-to-sent is due time to the moment JetStream stored the progress.check-in.due
// (its stream timestamp, read back with an ordered consumer: what consumers get, after JetStream
// dropped a relay's re-publish by Nats-Msg-Id). A check-in stored twice is a duplicate. Then the
// capacity behind it: a backlog of BENCH_BACKLOG check-ins all due at once, drained by two
// replicas, and by one (the baseline).
// Run: npm run bench -- progress   (BENCH_USERS, BENCH_SPREAD_S, BENCH_LEAD_S, BENCH_BACKLOG to change the size)
import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { CheckInDue } from '@tandem/contracts';
import { jetstream } from '@nats-io/jetstream';

import { BusNames, connectNats, streamForSubject } from '@tandem/messaging';
import { createTestDatabase, startAppProcess, type AppProcess } from '@tandem/testing';

import { progressOrmConfig } from '../apps/progress/src/mikro-orm.config';
import { printTable, summarize } from './stats';

process.env.BUS_NAMESPACE ??= `bench${randomUUID().slice(0, 8)}`;

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SPREAD_S = Number(process.env.BENCH_SPREAD_S ?? 60);
/** Time for the replicas to start before the first check-in falls due. */
const LEAD_S = Number(process.env.BENCH_LEAD_S ?? 30);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 20_000);

interface Sighting {
  dueAt: number;
  seenAt: number[];
}

async function main(): Promise<void> {
  const db = await createTestDatabase({ progress: progressOrmConfig });
  const admin = new Client({ connectionString: `${db.adminUrl}` });
  await admin.connect();
  const replicas: AppProcess[] = [];
  const nc = await connectNats('bench-progress');
  try {
    // Every check-in JetStream stored, by its id, with the time it was stored (a second one is a duplicate).
    const seen = new Map<string, Sighting>();
    const names = new BusNames(process.env.BUS_NAMESPACE);
    const follow = async () => {
      const consumer = await jetstream(nc).consumers.get(streamForSubject(names, CheckInDue.subject), { filter_subjects: names.subject(CheckInDue.subject) });
      const messages = await consumer.consume();
      void (async () => {
        for await (const message of messages) {
          const storedAt = Math.round(Number(message.info.timestampNanos) / 1e6);
          const { payload } = message.json<{ payload: { checkInId: string; occurrenceDueAt: string } }>();
          const sighting = seen.get(payload.checkInId) ?? { dueAt: Date.parse(payload.occurrenceDueAt), seenAt: [] };
          sighting.seenAt.push(storedAt);
          seen.set(payload.checkInId, sighting);
        }
      })();
      return messages;
    };

    /** USERS commitments (one per user) with their DUE reminders, due from `from` over `spreadMs`. */
    const seed = async (from: Date, spreadMs: number, tag: string, count = USERS) => {
      await admin.query(
        `with made as (
           insert into "progress"."commitments" ("user_id", "title", "due_at", "schedule")
           select gen_random_uuid(), $4 || ' ' || i, $1::timestamptz + make_interval(secs => (i - 1) * $2::float8 / $3 / 1000), 'ONCE' from generate_series(1, $3::int) i
           returning "id", "user_id", "due_at")
         insert into "progress"."reminder_schedules" ("user_id", "commitment_id", "reason", "occurrence_due_at", "run_at") select "user_id", "id", 'DUE', "due_at", "due_at" from made`,
        [from, spreadMs, count, tag],
      );
    };
    const env = { DATABASE_NAME: db.name, LOG_LEVEL: 'warn', PROGRESS_SCHEDULER_INTERVAL_MS: '1000', DATABASE_POOL_MAX: '8' };

    /** Waits until `count` distinct check-ins were seen since `before` (or the deadline), then a little longer for any duplicate. */
    const waitFor = async (ids: () => Sighting[], count: number, deadlineMs: number) => {
      while (ids().length < count && Date.now() < deadlineMs) await new Promise((resolve) => setTimeout(resolve, 200));
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return ids();
    };
    const duplicates = (sightings: Sighting[]) => sightings.reduce((total, sighting) => total + sighting.seenAt.length - 1, 0);

    // 1. The brief's case: USERS check-ins falling due within SPREAD_S, two replicas.
    const firstDue = new Date(Date.now() + LEAD_S * 1_000);
    const seeding = Date.now();
    await seed(firstDue, SPREAD_S * 1_000, 'spread');
    console.log(`seeded ${USERS.toLocaleString('en')} commitments in ${((Date.now() - seeding) / 1000).toFixed(1)} s; first due in ${((firstDue.getTime() - Date.now()) / 1000).toFixed(1)} s`);
    replicas.push(...(await Promise.all([startAppProcess('progress', env), startAppProcess('progress', env)])));
    const following = await follow(); // the replicas made the stream
    if (Date.now() > firstDue.getTime()) console.log('warning: the replicas started after the first check-in fell due (raise BENCH_LEAD_S)');
    const spread = await waitFor(() => [...seen.values()], USERS, firstDue.getTime() + SPREAD_S * 1_000 + 600_000);
    const spreadLateness = spread.map((sighting) => sighting.seenAt[0]! - sighting.dueAt);
    const spreadLast = Math.max(...spread.map((sighting) => sighting.seenAt[0]!));
    const rows: Array<Record<string, string | number>> = [];
    const late = summarize(spreadLateness);
    rows.push({
      case: `${USERS.toLocaleString('en')} due within ${SPREAD_S} s, 2 replicas`,
      sent: spread.length,
      duplicates: duplicates(spread),
      'due-to-sent p50 ms': late.p50,
      'due-to-sent p99 ms': late.p99,
      'max ms': late.max,
      'check-ins/s': spread.length / ((spreadLast - firstDue.getTime()) / 1000),
    });

    // 2. Capacity: a backlog all due at once, two replicas, then one (the baseline).
    const drain = async (label: string) => {
      const before = new Set(seen.keys());
      const start = Date.now();
      await seed(new Date(start - 1_000), 0, label, BACKLOG);
      const fresh = () => [...seen.entries()].filter(([id]) => !before.has(id)).map(([, sighting]) => sighting);
      const drained = await waitFor(fresh, BACKLOG, start + 900_000);
      const last = Math.max(...drained.map((sighting) => sighting.seenAt[0]!));
      const lateness = summarize(drained.map((sighting) => sighting.seenAt[0]! - sighting.dueAt));
      return { sent: drained.length, duplicates: duplicates(drained), seconds: (last - start) / 1000, p50: lateness.p50, p99: lateness.p99, max: lateness.max };
    };
    const two = await drain('backlog-two');
    await replicas.pop()!.stop();
    const one = await drain('backlog-one');
    for (const [label, result] of [
      [`backlog of ${BACKLOG.toLocaleString('en')} due at once, 2 replicas`, two],
      [`backlog of ${BACKLOG.toLocaleString('en')} due at once, 1 replica (baseline)`, one],
    ] as const) {
      rows.push({
        case: label,
        sent: result.sent,
        duplicates: result.duplicates,
        'due-to-sent p50 ms': result.p50,
        'due-to-sent p99 ms': result.p99,
        'max ms': result.max,
        'check-ins/s': result.sent / result.seconds,
      });
    }
    const [{ sent_twice }] = (await admin.query<{ sent_twice: string }>(`select count(*) - count(distinct "envelope"->'payload'->>'checkInId') as sent_twice from "progress"."outbox"`)).rows as [
      { sent_twice: string },
    ];
    printTable(`progress check-in scheduler (outbox rows for the same check-in: ${sent_twice}; 2 vs 1 replica drain rate: ${(two.sent / two.seconds / (one.sent / one.seconds)).toFixed(2)}x)`, rows);
    await following.close();
  } finally {
    for (const replica of replicas) await replica.stop();
    await nc.close();
    await admin.end();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
