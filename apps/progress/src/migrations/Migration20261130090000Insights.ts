import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported: a migration must not change when the code it was written with does.
const KINDS = "('LOW_ENERGY_AFTER_MISSED', 'HIGHER_ENERGY_ON_KEPT_DAYS', 'MISSES_ON_ONE_WEEKDAY')";

/**
 * Document 004's Insight: one row per user and pattern that holds in their last 21 days, with its
 * statement, tags and evidence (the ids of the occurrences and energy entries, and the figures).
 */
export class Migration20261130090000Insights extends Migration {
  override up(): void {
    this.addSql(`create table "progress"."insights" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null,
      "kind" text not null,
      "statement" text not null,
      "tags" text[] not null default '{}',
      "evidence" jsonb not null,
      "first_found_at" timestamptz(3) not null default now(),
      "updated_at" timestamptz(3) not null default now(),
      "test_scenario_id" uuid null,
      constraint "insights_kind_check" check ("kind" in ${KINDS}),
      constraint "insights_statement_check" check (length(trim("statement")) > 0),
      constraint "insights_first_found_at_updated_at_check" check ("first_found_at" <= "updated_at"))`);
    this.addSql(`create unique index "insights_one_per_kind_idx" on "progress"."insights" ("user_id", "kind")`);
    this.addSql(`create index "insights_tags_idx" on "progress"."insights" using gin ("tags")`);
    this.addSql(`create index "insights_test_scenario_idx" on "progress"."insights" ("test_scenario_id") where "test_scenario_id" is not null`);
  }

  override down(): void {
    this.addSql(`drop table if exists "progress"."insights"`);
  }
}
