import { Migration } from '@mikro-orm/migrations';

/**
 * Organisations (issue 17): the only boundary of matching. A person belongs to one through an
 * admin's invitation (single use, expiring) or a work-email domain the organisation claimed and an
 * operator verified; the typed `company` of a profile grants nothing. Also blocks, double opt-in
 * on suggestions (the colleague accepts or declines) and outcome counts matching learns from.
 */
export class Migration20261130050000Organisations extends Migration {
  override up(): void {
    this.addSql(`create table "team"."organisations" (
      "id" uuid primary key,
      "name" varchar(255) not null,
      "created_by" uuid null,
      "created_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "organisations_name_check" check (length(trim("name")) > 0))`);
    // A scenario's colleagues apply concurrently: one organisation per scenario and company.
    this.addSql(`create unique index "organisations_scenario_name_key" on "team"."organisations" ("test_scenario_id", "name") where "test_scenario_id" is not null`);

    this.addSql(`create table "team"."organisation_members" (
      "user_id" uuid primary key,
      "organisation_id" uuid not null references "team"."organisations" ("id") on delete cascade,
      "role" varchar(20) not null,
      "joined_via" varchar(20) not null,
      "joined_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "organisation_members_role_check" check ("role" in ('admin', 'member')),
      constraint "organisation_members_joined_via_check" check ("joined_via" in ('founder', 'invitation', 'domain', 'scenario')))`);
    // Matching reads an organisation's members; analytics and admin checks too.
    this.addSql(`create index "organisation_members_organisation_id_idx" on "team"."organisation_members" ("organisation_id", "user_id")`);
    this.addSql(`create index "organisation_members_test_scenario_id_idx" on "team"."organisation_members" ("test_scenario_id") where "test_scenario_id" is not null`);

    this.addSql(`create table "team"."organisation_invitations" (
      "id" uuid primary key,
      "organisation_id" uuid not null references "team"."organisations" ("id") on delete cascade,
      "token_hash" char(64) not null,
      "created_by" uuid null,
      "expires_at" timestamptz not null,
      "used_by" uuid null,
      "used_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "test_scenario_id" uuid null,
      constraint "organisation_invitations_token_hash_key" unique ("token_hash"),
      constraint "organisation_invitations_used_check" check (("used_by" is null) = ("used_at" is null)),
      constraint "organisation_invitations_expires_at_check" check ("expires_at" > "created_at"))`);
    this.addSql(`create index "organisation_invitations_organisation_id_idx" on "team"."organisation_invitations" ("organisation_id", "created_at")`);

    this.addSql(`create table "team"."organisation_domains" (
      "domain" varchar(253) primary key,
      "organisation_id" uuid not null references "team"."organisations" ("id") on delete cascade,
      "claimed_by" uuid null,
      "claimed_at" timestamptz not null default now(),
      "verified_at" timestamptz null,
      "verified_by" uuid null,
      constraint "organisation_domains_domain_check" check ("domain" = lower("domain") and "domain" ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
      constraint "organisation_domains_verified_check" check (("verified_at" is null) = ("verified_by" is null)))`);
    this.addSql(`create index "organisation_domains_organisation_id_idx" on "team"."organisation_domains" ("organisation_id")`);

    this.addSql(`create table "team"."blocks" (
      "blocker_id" uuid not null,
      "blocked_id" uuid not null,
      "created_at" timestamptz not null default now(),
      primary key ("blocker_id", "blocked_id"),
      constraint "blocks_not_self_check" check ("blocker_id" <> "blocked_id"))`);
    // "Is either of us blocking the other" looks up both directions.
    this.addSql(`create index "blocks_blocked_id_idx" on "team"."blocks" ("blocked_id", "blocker_id")`);

    // Matching no longer filters by the typed company (003's btree on it stays).
    this.addSql(`drop index "team"."user_profiles_extended_matchable_idx"`);

    // Double opt-in: after the requestor connects, the colleague accepts or declines.
    this.addSql(`alter table "team"."connection_suggestions"
      add column "organisation_id" uuid null,
      add column "pair_features" jsonb not null default '[]',
      add column "request_status" varchar(20) null,
      add column "request_answered_at" timestamptz null,
      add constraint "connection_suggestions_request_status_check" check ("request_status" in ('pending', 'accepted', 'declined')),
      add constraint "connection_suggestions_when_connected_request_check" check (("request_status" is not null) = ("status" = 'connected') and (("request_answered_at" is not null) = ("request_status" in ('accepted', 'declined'))))`);
    this.addSql(`update "team"."connection_suggestions" set "request_status" = 'pending' where "status" = 'connected'`);
    // Exposure cap: how often a colleague was suggested this week.
    this.addSql(`create index "connection_suggestions_collaborator_created_at_idx" on "team"."connection_suggestions" ("suggested_collaborator_id", "created_at")`);
    // Cool-down after the colleague declined a request.
    this.addSql(
      `create index "connection_suggestions_request_declined_idx" on "team"."connection_suggestions" ("requestor_id", "suggested_collaborator_id", "request_answered_at") where "request_status" = 'declined'`,
    );
    this.addSql(`create index "connection_suggestions_organisation_id_idx" on "team"."connection_suggestions" ("organisation_id", "reason_type") where "organisation_id" is not null`);

    // What matching learns from: per organisation and feature of a pair (a reason type, same
    // department, shared preferences), how often such suggestions were made and how they ended.
    this.addSql(`create table "team"."outcome_counts" (
      "organisation_id" uuid not null references "team"."organisations" ("id") on delete cascade,
      "feature" varchar(100) not null,
      "suggested" integer not null default 0,
      "connected" integer not null default 0,
      "declined" integer not null default 0,
      "accepted" integer not null default 0,
      primary key ("organisation_id", "feature"),
      constraint "outcome_counts_nonnegative_check" check ("suggested" >= 0 and "connected" >= 0 and "declined" >= 0 and "accepted" >= 0))`);
  }

  override down(): void {
    this.addSql('drop table if exists "team"."outcome_counts"');
    this.addSql(`alter table "team"."connection_suggestions" drop column "organisation_id", drop column "pair_features", drop column "request_status", drop column "request_answered_at"`);
    this.addSql('drop index if exists "team"."connection_suggestions_collaborator_created_at_idx"');
    this.addSql('drop table if exists "team"."blocks"');
    this.addSql('drop table if exists "team"."organisation_domains"');
    this.addSql('drop table if exists "team"."organisation_invitations"');
    this.addSql('drop table if exists "team"."organisation_members"');
    this.addSql('drop table if exists "team"."organisations"');
    this.addSql(`create index "user_profiles_extended_matchable_idx" on "team"."user_profiles_extended" ("company") where "connection_opt_in" and "availability_status" = 'available'`);
  }
}
