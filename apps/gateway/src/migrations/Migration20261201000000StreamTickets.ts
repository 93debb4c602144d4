import { Migration } from '@mikro-orm/migrations';

/** Single-use tickets that open one event stream, for browsers' EventSource (no bearer header). */
export class Migration20261201000000StreamTickets extends Migration {
  override up(): void {
    this.addSql(`create table "accounts"."stream_tickets" (
      "id" uuid primary key,
      "session_id" uuid not null references "accounts"."sessions" ("id") on delete cascade,
      "ticket_hash" text not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "used_at" timestamptz null,
      constraint "stream_tickets_ticket_hash_unique" unique ("ticket_hash"))`);
    this.addSql(`create index "stream_tickets_session_id_idx" on "accounts"."stream_tickets" ("session_id")`);
    this.addSql(`create index "stream_tickets_expires_at_idx" on "accounts"."stream_tickets" ("expires_at")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "accounts"."stream_tickets"`);
  }
}
