import { Migration } from '@mikro-orm/migrations';

/**
 * Document 003's sessions: the session types general, growth planning, team connection and
 * check-in (general conversations were COACHING: renamed GENERAL here; contracts still accept
 * COACHING in events published before), and the user's satisfaction (1-5 and a comment). And the read
 * models the coach's context takes from other services: the user's name and AST strengths (from
 * team-connections' team.profile.saved) and their open goals (from progress.goal.changed).
 */
export class Migration20261201020100SessionsAndProfiles extends Migration {
  override up(): void {
    this.addSql(`alter table "chat"."conversations" drop constraint "conversations_session_type_check"`);
    this.addSql(`update "chat"."conversations" set "session_type" = 'GENERAL' where "session_type" = 'COACHING'`);
    this.addSql(`alter table "chat"."conversations" alter column "session_type" set default 'GENERAL',
      add constraint "conversations_session_type_check" check ("session_type" in ('GENERAL', 'GROWTH_PLANNING', 'TEAM_CONNECTION', 'CHECK_IN')),
      add column "satisfaction_rating" smallint null,
      add column "satisfaction_comment" text null,
      add column "satisfaction_given_at" timestamptz null,
      add constraint "conversations_satisfaction_rating_check" check ("satisfaction_rating" between 1 and 5),
      add constraint "conversations_satisfaction_check" check (("satisfaction_rating" is null) = ("satisfaction_given_at" is null))`);
    // The earlier conversations' summaries the coach's context reads, newest first.
    this.addSql(`create index "conversations_user_id_ended_at_idx" on "chat"."conversations" ("user_id", "ended_at" desc) where "ended_at" is not null`);
    // Listing a user's actions by type (GET /v1/chat/actions?type=).
    this.addSql(`create index "actions_user_id_type_created_at_idx" on "chat"."actions" ("user_id", "type", "created_at" desc, "id" desc)`);

    this.addSql(`create table "chat"."user_profiles" (
      "user_id" uuid primary key,
      "display_name" text null,
      "strengths" jsonb null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create table "chat"."goal_snapshots" (
      "id" uuid primary key,
      "user_id" uuid not null,
      "title" text not null,
      "status" text not null,
      "updated_at" timestamptz not null)`);
    this.addSql(`create index "goal_snapshots_user_id_status_idx" on "chat"."goal_snapshots" ("user_id", "status")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "chat"."goal_snapshots"`);
    this.addSql(`drop table if exists "chat"."user_profiles"`);
    this.addSql(`drop index if exists "chat"."actions_user_id_type_created_at_idx"`);
    this.addSql(`drop index if exists "chat"."conversations_user_id_ended_at_idx"`);
    this.addSql(`alter table "chat"."conversations" drop constraint "conversations_satisfaction_check", drop constraint "conversations_satisfaction_rating_check",
      drop column "satisfaction_rating", drop column "satisfaction_comment", drop column "satisfaction_given_at", drop constraint "conversations_session_type_check"`);
    this.addSql(`update "chat"."conversations" set "session_type" = 'COACHING' where "session_type" in ('GENERAL', 'GROWTH_PLANNING', 'TEAM_CONNECTION')`);
    this.addSql(
      `alter table "chat"."conversations" alter column "session_type" set default 'COACHING', add constraint "conversations_session_type_check" check ("session_type" in ('COACHING', 'CHECK_IN'))`,
    );
  }
}
