import { Migration } from '@mikro-orm/migrations';

// Spelled out, not imported from the contracts: a migration records the schema as it was then.
const CHANGES = "('PROPOSED', 'UPDATED', 'ACCEPTED', 'REFINEMENT_COMPLETED', 'ARCHIVED')";

/**
 * Every edit of an identity versioned (issue 15): one row per change with the identity as the
 * change left it, for GET /v1/identities/:id/history and ?asOf. Deleted with its identity.
 */
export class Migration20261130100000IdentityVersions extends Migration {
  override up(): void {
    this.addSql(`create table "identities"."identity_versions" (
      "identity_id" uuid not null references "identities"."identities" ("id") on delete cascade,
      "version" integer not null,
      "user_id" uuid not null,
      "change" text not null,
      "snapshot" jsonb not null,
      "changed_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      primary key ("identity_id", "version"),
      constraint "identity_versions_version_check" check ("version" >= 1),
      constraint "identity_versions_change_check" check ("change" in ${CHANGES}))`);
    // ?asOf: the latest version of one identity at a time.
    this.addSql(`create index "identity_versions_identity_id_changed_at_idx" on "identities"."identity_versions" ("identity_id", "changed_at")`);
    this.addSql(`create index "identity_versions_test_scenario_id_idx" on "identities"."identity_versions" ("test_scenario_id") where "test_scenario_id" is not null`);
    // Identities from before: their history starts here, with them as they are, dated their last change.
    this.addSql(`insert into "identities"."identity_versions" ("identity_id", "version", "user_id", "change", "snapshot", "changed_at", "test_scenario_id")
      select "id", 1, "user_id", case when "archived_at" is not null then 'ARCHIVED' when "state" = 'ACCEPTED' then 'ACCEPTED' when "state" = 'REFINEMENT_COMPLETE' then 'REFINEMENT_COMPLETED' else 'PROPOSED' end,
        jsonb_build_object('id', "id", 'userId', "user_id", 'category', "category", 'name', "name", 'affirmation', "affirmation", 'visualization', "visualization", 'state', "state",
          'archived', "archived_at" is not null, 'createdAt', to_char("created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'updatedAt', to_char("updated_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
        "updated_at", "test_scenario_id"
      from "identities"."identities"`);
  }

  override down(): void {
    this.addSql('drop table if exists "identities"."identity_versions"');
  }
}
