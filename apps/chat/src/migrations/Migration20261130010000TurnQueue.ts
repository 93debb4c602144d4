import { Migration } from '@mikro-orm/migrations';

/**
 * No model call inside a transaction, and what a fair, retry-safe turn needs:
 * - `turn_ended_at`: when the coach's turn for it ended (answered or failed); a user message
 *   without it is waiting for the coach, and the partial index counts those per user cheaply;
 * - `idempotency_key`: the client's Idempotency-Key, unique per user, so a retried POST finds
 *   the message it already stored;
 * - `ending_until` on conversations: an idle conversation claimed by one replica's sweeper
 *   while the model summarizes it (no lock held meanwhile); others skip it until then.
 */
export class Migration20261130010000TurnQueue extends Migration {
  override up(): void {
    this.addSql(`alter table "chat"."chat_messages" add column "turn_ended_at" timestamptz null, add column "idempotency_key" text null`);
    // Messages from before this column: their turns are long over.
    this.addSql(`update "chat"."chat_messages" set "turn_ended_at" = "created_at" where "role" = 'USER'`);
    this.addSql(`create index "chat_messages_waiting_idx" on "chat"."chat_messages" ("user_id", "created_at") where "role" = 'USER' and "turn_ended_at" is null`);
    this.addSql(`create unique index "chat_messages_idempotency_idx" on "chat"."chat_messages" ("user_id", "idempotency_key") where "idempotency_key" is not null`);
    this.addSql(`alter table "chat"."conversations" add column "ending_until" timestamptz null`);
  }

  override down(): void {
    this.addSql(`alter table "chat"."conversations" drop column "ending_until"`);
    this.addSql(`drop index "chat"."chat_messages_idempotency_idx"`);
    this.addSql(`drop index "chat"."chat_messages_waiting_idx"`);
    this.addSql(`alter table "chat"."chat_messages" drop column "idempotency_key", drop column "turn_ended_at"`);
  }
}
