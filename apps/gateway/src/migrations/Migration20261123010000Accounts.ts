import { Migration } from '@mikro-orm/migrations';

/** Users, sessions, erasure requests and the user-event log, with the constraints and indexes of document 002. */
export class Migration20261123010000Accounts extends Migration {
  override up(): void {
    this.addSql(`create table "accounts"."users" (
      "id" uuid primary key,
      "email" text not null,
      "username" text null,
      "first_name" text null,
      "last_name" text null,
      "password_hash" text not null,
      "is_admin" boolean not null default false,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "last_login" timestamptz null,
      "last_seen_at" timestamptz null,
      "deletion_requested_at" timestamptz null,
      "test_scenario_id" uuid null,
      constraint "users_email_key" unique ("email"),
      constraint "users_username_key" unique ("username"),
      constraint "users_email_check" check ("email" ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'),
      constraint "users_created_at_updated_at_check" check ("created_at" <= "updated_at"))`);
    this.addSql(`create index "users_test_scenario_id_idx" on "accounts"."users" ("test_scenario_id")`);
    this.addSql(`create index "users_created_at_idx" on "accounts"."users" ("created_at")`);
    this.addSql(`create index "users_updated_at_idx" on "accounts"."users" ("updated_at")`);
    this.addSql(`create index "users_last_login_idx" on "accounts"."users" ("last_login")`);
    this.addSql(`create index "users_real_users_idx" on "accounts"."users" ("email", "created_at") where "test_scenario_id" is null`);
    this.addSql(`create index "users_test_scenario_idx" on "accounts"."users" ("test_scenario_id") where "test_scenario_id" is not null`);

    this.addSql(`create table "accounts"."sessions" (
      "id" uuid primary key,
      "user_id" uuid not null references "accounts"."users" ("id") on delete cascade,
      "token_hash" text not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz null,
      constraint "sessions_token_hash_key" unique ("token_hash"))`);
    this.addSql(`create index "sessions_user_id_idx" on "accounts"."sessions" ("user_id")`);
    this.addSql(`create index "sessions_expires_at_idx" on "accounts"."sessions" ("expires_at")`);

    // Kept after the user row is gone: which services confirmed erasing the user, and when.
    this.addSql(`create table "accounts"."erasure_requests" (
      "user_id" uuid primary key,
      "requested_at" timestamptz not null,
      "completed_at" timestamptz null,
      "confirmations" jsonb not null default '{}')`);

    // Durable user-facing events, for SSE resume (Last-Event-ID is the id).
    this.addSql(`create table "accounts"."user_events" (
      "id" bigserial primary key,
      "user_id" uuid not null,
      "event_id" uuid not null,
      "type" text not null,
      "payload" jsonb not null,
      "occurred_at" timestamptz not null,
      constraint "user_events_event_id_key" unique ("event_id"))`);
    this.addSql(`create index "user_events_user_id_id_idx" on "accounts"."user_events" ("user_id", "id")`);
  }

  override down(): void {
    for (const table of ['user_events', 'erasure_requests', 'sessions', 'users']) this.addSql(`drop table if exists "accounts"."${table}"`);
  }
}
