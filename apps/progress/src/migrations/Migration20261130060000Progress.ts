import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported: a migration must not change when the code it was written with does.
const list = (values: string[]) => `(${values.map((value) => `'${value}'`).join(', ')})`;
const STATUSES = list(['PENDING', 'SCHEDULED', 'COMPLETED', 'SKIPPED']);
const SCHEDULES = list(['ONCE', 'DAILY', 'WEEKDAYS', 'WEEKLY']);
const AREAS = list(['CAREER', 'HEALTH', 'RELATIONSHIPS', 'FAMILY', 'FINANCES', 'PERSONAL_GROWTH', 'SPIRITUALITY', 'RECREATION', 'CONTRIBUTION', 'ENVIRONMENT']);

/**
 * Document 004's goals, commitments (with ReminderStatus), reminder schedules and energy metrics,
 * plus the history of each commitment's occurrences (what consistency is computed from) and the
 * user's check-in settings (time zone, quiet hours). Ids come from gen_random_uuid() unless given.
 */
export class Migration20261130060000Progress extends Migration {
  override up(): void {
    const index = (table: string, name: string, definition: string, unique = false) =>
      this.addSql(`create ${unique ? 'unique ' : ''}index "${table}_${name}_idx" on "progress"."${table}" ${definition}`);

    this.addSql(`create table "progress"."goals" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null,
      "title" text not null,
      "why" text null,
      "identity_id" uuid null,
      "life_area" text null,
      "target_date" date null,
      "status" text not null default 'SCHEDULED',
      "created_at" timestamptz(3) not null default now(),
      "updated_at" timestamptz(3) not null default now(),
      "test_scenario_id" uuid null,
      constraint "goals_title_check" check (length("title") between 1 and 200),
      constraint "goals_status_check" check ("status" in ${STATUSES}),
      constraint "goals_life_area_check" check ("life_area" is null or "life_area" in ${AREAS}),
      constraint "goals_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    index('goals', 'user_id_created_at', '("user_id", "created_at")');
    index('goals', 'user_id_status', '("user_id", "status")');
    index('goals', 'test_scenario', '("test_scenario_id") where "test_scenario_id" is not null');

    this.addSql(`create table "progress"."commitments" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null,
      "goal_id" uuid null references "progress"."goals" ("id") on delete cascade,
      "title" text not null,
      "due_at" timestamptz(3) not null,
      "schedule" text not null default 'ONCE',
      "status" text not null default 'SCHEDULED',
      "completed_at" timestamptz(3) null,
      "created_at" timestamptz(3) not null default now(),
      "updated_at" timestamptz(3) not null default now(),
      "test_scenario_id" uuid null,
      constraint "commitments_title_check" check (length("title") between 1 and 200),
      constraint "commitments_status_check" check ("status" in ${STATUSES}),
      constraint "commitments_schedule_check" check ("schedule" in ${SCHEDULES}),
      constraint "commitments_completed_check" check ("status" <> 'COMPLETED' or "completed_at" is not null),
      constraint "commitments_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    index('commitments', 'user_id_status_due_at', '("user_id", "status", "due_at")');
    index('commitments', 'goal_id', '("goal_id")');
    index('commitments', 'test_scenario', '("test_scenario_id") where "test_scenario_id" is not null');

    // One row per due occurrence that was settled: consistency and streaks are counted from here.
    this.addSql(`create table "progress"."commitment_occurrences" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null,
      "commitment_id" uuid not null references "progress"."commitments" ("id") on delete cascade,
      "due_at" timestamptz(3) not null,
      "outcome" text not null,
      "note" text null,
      "recorded_at" timestamptz(3) not null default now(),
      constraint "commitment_occurrences_outcome_check" check ("outcome" in ('COMPLETED', 'SKIPPED', 'MISSED')))`);
    index('commitment_occurrences', 'one_per_due', '("commitment_id", "due_at")', true);
    index('commitment_occurrences', 'user_id_due_at', '("user_id", "due_at")');

    // Document 004's ReminderSchedule: one row per check-in to send (an occurrence and a reason).
    // The unique index is what makes "never twice" hold whatever the scheduler does.
    this.addSql(`create table "progress"."reminder_schedules" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null,
      "commitment_id" uuid not null references "progress"."commitments" ("id") on delete cascade,
      "reason" text not null,
      "occurrence_due_at" timestamptz(3) not null,
      "run_at" timestamptz(3) not null,
      "status" text not null default 'SCHEDULED',
      "sent_at" timestamptz(3) null,
      "created_at" timestamptz(3) not null default now(),
      "test_scenario_id" uuid null,
      constraint "reminder_schedules_reason_check" check ("reason" in ('DUE', 'MISSED')),
      constraint "reminder_schedules_status_check" check ("status" in ${STATUSES}),
      constraint "reminder_schedules_sent_check" check (("status" = 'COMPLETED') = ("sent_at" is not null)))`);
    index('reminder_schedules', 'one_per_occurrence', '("commitment_id", "occurrence_due_at", "reason")', true);
    // The scheduler's scan: only reminders still to send.
    index('reminder_schedules', 'waiting_run_at', `("run_at") where "status" in ('SCHEDULED', 'PENDING')`);
    index('reminder_schedules', 'user_id', '("user_id")');

    this.addSql(`create table "progress"."energy_metrics" (
      "id" uuid primary key default gen_random_uuid(),
      "user_id" uuid not null,
      "level" smallint not null,
      "source" text not null,
      "note" text null,
      "recorded_at" timestamptz(3) not null default now(),
      "test_scenario_id" uuid null,
      constraint "energy_metrics_level_check" check ("level" between 1 and 10),
      constraint "energy_metrics_source_check" check ("source" in ('USER', 'INFERRED')))`);
    index('energy_metrics', 'user_id_recorded_at', '("user_id", "recorded_at" desc)');

    this.addSql(`create table "progress"."check_in_settings" (
      "user_id" uuid primary key,
      "time_zone" text not null default 'UTC',
      "quiet_hours_start" time null,
      "quiet_hours_end" time null,
      "updated_at" timestamptz(3) not null default now(),
      constraint "check_in_settings_quiet_hours_check" check (("quiet_hours_start" is null) = ("quiet_hours_end" is null)))`);
  }

  override down(): void {
    for (const table of ['check_in_settings', 'energy_metrics', 'reminder_schedules', 'commitment_occurrences', 'commitments', 'goals']) this.addSql(`drop table if exists "progress"."${table}"`);
  }
}
