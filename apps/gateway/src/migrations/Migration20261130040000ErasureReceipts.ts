import { Migration } from '@mikro-orm/migrations';

/** A receipt id per erasure: the person keeps it and reads the record after their account is gone. */
export class Migration20261130040000ErasureReceipts extends Migration {
  override up(): void {
    this.addSql(`alter table "accounts"."erasure_requests" add column "receipt_id" uuid not null default gen_random_uuid()`);
    this.addSql(`create unique index "erasure_requests_receipt_id_idx" on "accounts"."erasure_requests" ("receipt_id")`);
  }

  override down(): void {
    this.addSql(`drop index "accounts"."erasure_requests_receipt_id_idx"`);
    this.addSql(`alter table "accounts"."erasure_requests" drop column "receipt_id"`);
  }
}
