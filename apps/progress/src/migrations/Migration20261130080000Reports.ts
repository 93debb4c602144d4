import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported: a migration must not change when the code it was written with does.
const TYPES = "('TWO_DAY', 'SEVEN_DAY', 'TWENTY_ONE_DAY')";

/**
 * Document 004's Report (2-, 7- and 21-day; structured payload, a summary written by the model,
 * its embedding for recall) and the schedule the report scheduler claims from. Vectors are
 * 100-dimensional, the offline embeddings' size (like sentinel's notes): another model's size
 * needs a migration (docs/progress.md).
 */
export class Migration20261130080000Reports extends Migration {
  override up(): void {
    this.addSql(`create table "progress"."reports" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null,
      "type" text not null,
      "trigger" text not null,
      "period_start" timestamptz(3) not null,
      "period_end" timestamptz(3) not null,
      "payload" jsonb not null,
      "summary" text not null,
      "embedding" vector(100) not null,
      "embedding_model" text not null,
      "embedding_dimensions" integer not null,
      "created_at" timestamptz(3) not null default now(),
      "test_scenario_id" uuid null,
      constraint "reports_type_check" check ("type" in ${TYPES}),
      constraint "reports_trigger_check" check ("trigger" in ('SCHEDULED', 'ON_DEMAND')),
      constraint "reports_period_check" check ("period_start" < "period_end"),
      constraint "reports_summary_check" check (length(trim("summary")) > 0),
      constraint "reports_embedding_dimensions_check" check ("embedding_dimensions" = vector_dims("embedding")))`);
    // Never twice for the same user, type and period, whichever replica or request writes it.
    this.addSql(`create unique index "reports_one_per_period_idx" on "progress"."reports" ("user_id", "type", "period_end")`);
    this.addSql(`create index "reports_user_id_created_at_idx" on "progress"."reports" ("user_id", "created_at" desc)`);
    this.addSql(`create index "reports_embedding_idx" on "progress"."reports" using hnsw ("embedding" vector_cosine_ops)`);
    this.addSql(`create index "reports_test_scenario_idx" on "progress"."reports" ("test_scenario_id") where "test_scenario_id" is not null`);

    // One row per user and report type: when its next period ends, and the lease of a replica writing it.
    this.addSql(`create table "progress"."report_schedules" (
      "user_id" uuid not null,
      "type" text not null,
      "next_run_at" timestamptz(3) not null,
      "leased_until" timestamptz(3) null,
      "test_scenario_id" uuid null,
      primary key ("user_id", "type"),
      constraint "report_schedules_type_check" check ("type" in ${TYPES}))`);
    this.addSql(`create index "report_schedules_next_run_at_idx" on "progress"."report_schedules" ("next_run_at")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "progress"."report_schedules"`);
    this.addSql(`drop table if exists "progress"."reports"`);
  }
}
