import { Migration } from '@mikro-orm/migrations';

/**
 * Admin is granted by an operator, never by registering an address: every grant and revocation
 * is kept here. The row names the account by id (no email, so it outlives an erasure harmlessly).
 */
export class Migration20261130030000AdminGrants extends Migration {
  override up(): void {
    this.addSql(
      `create table "accounts"."admin_grants" (
        "id" uuid primary key,
        "user_id" uuid not null,
        "action" text not null check ("action" in ('GRANT', 'REVOKE')),
        "by" text not null,
        "at" timestamptz not null default now())`,
    );
    this.addSql(`create index "admin_grants_user_id_at_idx" on "accounts"."admin_grants" ("user_id", "at")`);
  }

  override down(): void {
    this.addSql(`drop table "accounts"."admin_grants"`);
  }
}
