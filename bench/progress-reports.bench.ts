// Reports under load: BENCH_USERS users (10,000), each with two daily commitments settled over the
// last three weeks and ten energy entries, whose 7-day report period ended a moment ago; two
// progress replicas (separate processes, from dist/) claim the schedules with FOR UPDATE SKIP
// LOCKED and write each report: the period's facts read, the summary written by the configured
// model (offline by default) with no connection held, the summary embedded, then the report,
// its schedule and its event in one transaction. Due-to-stored is the period's end to the
// report's created_at. Reports for the same user and period are counted (the unique index makes
// it 0; the outbox's report.generated rows are counted too).
// Run: npm run bench -- progress-reports   (BENCH_USERS, BENCH_REPLICAS, BENCH_CONCURRENCY to change it)
import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { createTestDatabase, startAppProcess, type AppProcess } from '@tandem/testing';

import { progressOrmConfig } from '../apps/progress/src/mikro-orm.config';
import { printTable, summarize } from './stats';

process.env.BUS_NAMESPACE ??= `bench${randomUUID().slice(0, 8)}`;

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 2);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '4';

async function main(): Promise<void> {
  const db = await createTestDatabase({ progress: progressOrmConfig });
  const admin = new Client({ connectionString: `${db.adminUrl}` });
  await admin.connect();
  const replicas: AppProcess[] = [];
  try {
    const seeding = Date.now();
    // The replicas start first (their migrations made the tables); the schedules fall due once they run.
    const env = {
      DATABASE_NAME: db.name,
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: '8',
      PROGRESS_REPORT_INTERVAL_MS: '500',
      PROGRESS_REPORT_CONCURRENCY: CONCURRENCY,
      PROGRESS_SCHEDULER_INTERVAL_MS: '600000',
    };
    replicas.push(...(await Promise.all(Array.from({ length: REPLICAS }, () => startAppProcess('progress', env)))));
    await admin.query(
      `with users as materialized (select gen_random_uuid() as "user_id" from generate_series(1, $1::int)),
       made as (
         insert into "progress"."commitments" ("user_id", "title", "due_at", "schedule", "created_at", "updated_at")
         select u."user_id", t."title", now() + interval '1 day', 'DAILY', now() - interval '22 days', now() - interval '22 days'
         from users u, (values ('A 20-minute walk'), ('Journal before bed')) t("title") returning "id", "user_id"),
       settled as (
         insert into "progress"."commitment_occurrences" ("user_id", "commitment_id", "due_at", "outcome")
         select m."user_id", m."id", now() - make_interval(days => d, hours => 1),
           case when random() < 0.7 then 'COMPLETED' when random() < 0.6 then 'MISSED' else 'SKIPPED' end
         from made m, generate_series(1, 20) d returning 1),
       energy as (
         insert into "progress"."energy_metrics" ("user_id", "level", "source", "recorded_at")
         select u."user_id", 1 + floor(random() * 10)::int, 'USER', now() - make_interval(hours => h * 16) from users u, generate_series(1, 10) h returning 1)
       select (select count(*) from settled) as "occurrences", (select count(*) from energy) as "energy"`,
      [USERS],
    );
    console.log(`seeded ${USERS.toLocaleString('en')} users in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

    const { rows } = await admin.query<{ due: Date }>(
      `insert into "progress"."report_schedules" ("user_id", "type", "next_run_at") select distinct "user_id", 'SEVEN_DAY', date_trunc('second', now()) from "progress"."commitments" returning "next_run_at" as "due"`,
    );
    const due = new Date(rows[0]!.due).getTime();
    const deadline = Date.now() + 1_800_000;
    let written = 0;
    while (written < USERS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      written = Number((await admin.query<{ n: string }>(`select count(*) as "n" from "progress"."reports"`)).rows[0]!.n);
    }
    const reports = await admin.query<{ ms: string; per_period: string }>(
      `select extract(epoch from "created_at" - "period_end") * 1000 as "ms", count(*) over (partition by "user_id", "type", "period_end") as "per_period" from "progress"."reports"`,
    );
    const latency = summarize(reports.rows.map((row) => Number(row.ms)));
    const lastMs = Math.max(...reports.rows.map((row) => Number(row.ms)));
    const [{ events }] = (await admin.query<{ events: string }>(`select count(*) as "events" from "progress"."outbox" where "envelope"->>'type' = 'progress.report.generated'`)).rows as [
      { events: string },
    ];
    printTable(`progress reports: ${REPLICAS} replicas, ${CONCURRENCY} at a time each, offline model unless LLM_PROVIDER says otherwise`, [
      {
        users: USERS,
        reports: reports.rowCount ?? 0,
        'same period twice': reports.rows.filter((row) => Number(row.per_period) > 1).length,
        'report.generated events': Number(events),
        'reports/s': (reports.rowCount ?? 0) / (lastMs / 1000),
        'due-to-stored p50 ms': latency.p50,
        'due-to-stored p99 ms': latency.p99,
        'max ms': latency.max,
      },
    ]);
    console.log(`(period end ${new Date(due).toISOString()})`);
  } finally {
    for (const replica of replicas) await replica.stop();
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
