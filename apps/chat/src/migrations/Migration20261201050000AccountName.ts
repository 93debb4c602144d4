import { Migration } from '@mikro-orm/migrations';

/**
 * The first name on the user's account, which the gateway sends with their messages: the coach
 * calls the user by it when no team profile gives a display name.
 */
export class Migration20261201050000AccountName extends Migration {
  override up(): void {
    this.addSql(`alter table "chat"."user_profiles" add column "account_name" text null`);
  }

  override down(): void {
    this.addSql(`alter table "chat"."user_profiles" drop column "account_name"`);
  }
}
