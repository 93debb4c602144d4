import { Migration } from '@mikro-orm/migrations';

/**
 * Rate limits every gateway replica shares: one counter row per tracker (user or IP) and window,
 * and failed logins per account, for a backoff that no replica count or IP change escapes.
 */
export class Migration20261130020000RateLimits extends Migration {
  override up(): void {
    this.addSql(`create table "accounts"."rate_limits" ("key" text primary key, "hits" integer not null, "expires_at" timestamptz not null)`);
    this.addSql(`create index "rate_limits_expires_at_idx" on "accounts"."rate_limits" ("expires_at")`);
    this.addSql(`create table "accounts"."login_failures" ("email" text primary key, "failures" integer not null, "locked_until" timestamptz null, "updated_at" timestamptz not null)`);
  }

  override down(): void {
    this.addSql(`drop table "accounts"."login_failures"`);
    this.addSql(`drop table "accounts"."rate_limits"`);
  }
}
