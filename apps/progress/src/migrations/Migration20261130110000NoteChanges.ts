import { Migration } from '@mikro-orm/migrations';

/**
 * What Sentinel learned, refined, replaced or forgot about a user, as its note events said: a
 * report counts the notes that changed in its period and names the latest. A note the user asked
 * to forget keeps its DELETED row, but its text is cleared from every row.
 */
export class Migration20261130110000NoteChanges extends Migration {
  override up(): void {
    this.addSql(`create table "progress"."note_changes" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "note_id" uuid not null,
      "change" text not null check ("change" in ('ADDED', 'UPDATED', 'SUPERSEDED', 'DELETED')),
      "note" text null,
      "occurred_at" timestamptz not null,
      "test_scenario_id" uuid null,
      constraint "note_changes_deleted_has_no_text" check ("change" <> 'DELETED' or "note" is null)
    )`);
    this.addSql(`create index "note_changes_user_time_idx" on "progress"."note_changes" ("user_id", "occurred_at")`);
    this.addSql(`create index "note_changes_note_idx" on "progress"."note_changes" ("note_id")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "progress"."note_changes"`);
  }
}
