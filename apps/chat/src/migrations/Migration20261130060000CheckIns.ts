import { Migration } from '@mikro-orm/migrations';

/**
 * A check-in is opened by the coach: its first message answers no user message. A user message
 * still never replies to anything; a coach message replies to one, except a check-in's opening.
 */
export class Migration20261130060000CheckIns extends Migration {
  override up(): void {
    this.addSql(`alter table "chat"."chat_messages" drop constraint "chat_messages_reply_check"`);
    this.addSql(`alter table "chat"."chat_messages" add constraint "chat_messages_reply_check" check ("role" = 'COACH' or "in_reply_to" is null)`);
  }

  override down(): void {
    this.addSql(`alter table "chat"."chat_messages" drop constraint "chat_messages_reply_check"`);
    this.addSql(`alter table "chat"."chat_messages" add constraint "chat_messages_reply_check" check (("role" = 'COACH') = ("in_reply_to" is not null))`);
  }
}
