import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported from the contracts: a migration records the schema as it was then.
const CLASSES = "('health', 'emotions', 'relationships', 'work', 'other')";

/**
 * Sensitive memory (issue 15): every note and episode gets a class (health and emotions are kept
 * only with consent; each class has its own retention), and each user's consents.
 */
export class Migration20261130090000SensitiveMemory extends Migration {
  override up(): void {
    for (const table of ['user_notes', 'episodes']) {
      this.addSql(`alter table "sentinel"."${table}" add column "memory_class" text not null default 'other'`);
      this.addSql(`alter table "sentinel"."${table}" add constraint "${table}_memory_class_check" check ("memory_class" in ${CLASSES})`);
      // The retention sweep: a class's rows older than its retention, oldest first.
      this.addSql(`create index "${table}_memory_class_created_at_idx" on "sentinel"."${table}" ("memory_class", "created_at")`);
    }
    this.addSql(`create index "emotions_created_at_idx" on "sentinel"."emotions" ("created_at")`);
    this.addSql(`create table "sentinel"."memory_settings" (
      "user_id" uuid primary key,
      "keep_health" boolean not null default false,
      "keep_emotions" boolean not null default false,
      "updated_at" timestamptz not null default now(),
      "test_scenario_id" uuid null)`);
    this.addSql(`create index "memory_settings_test_scenario_id_idx" on "sentinel"."memory_settings" ("test_scenario_id") where "test_scenario_id" is not null`);
  }

  override down(): void {
    this.addSql('drop table if exists "sentinel"."memory_settings"');
    this.addSql('drop index if exists "sentinel"."emotions_created_at_idx"');
    for (const table of ['user_notes', 'episodes']) this.addSql(`alter table "sentinel"."${table}" drop column "memory_class"`);
  }
}
