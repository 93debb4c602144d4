import { Migration } from '@mikro-orm/migrations';

/**
 * What chat keeps of progress for the coach's context, from progress's events: the user's
 * commitments (open ones are listed to the coach), their latest report's summary and their
 * current insights. Rows are the owner's as announced; erasure and scenario resets delete them.
 */
export class Migration20261130100100ProgressReadModel extends Migration {
  override up(): void {
    this.addSql(`create table "chat"."commitment_snapshots" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "title" text not null,
      "schedule" text not null,
      "status" text not null,
      "due_at" timestamptz not null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create index "commitment_snapshots_user_id_status_idx" on "chat"."commitment_snapshots" ("user_id", "status")`);
    this.addSql(`create table "chat"."report_snapshots" (
      "user_id" uuid primary key,
      "report_id" uuid not null,
      "type" text not null,
      "period_end" timestamptz not null,
      "summary" text not null)`);
    this.addSql(`create table "chat"."insight_snapshots" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "kind" text not null,
      "statement" text not null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create unique index "insight_snapshots_user_id_kind_idx" on "chat"."insight_snapshots" ("user_id", "kind")`);
  }

  override down(): void {
    for (const table of ['insight_snapshots', 'report_snapshots', 'commitment_snapshots']) this.addSql(`drop table if exists "chat"."${table}"`);
  }
}
