import type { EntityManager } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';

/**
 * Every service keeps the ids of the users it erased (a tombstone, no personal data) in its own
 * schema. The consumer drops any later event or command for such a user before its handler
 * runs, so a late or forged message cannot bring an erased user's data back.
 */
export class Migration20261130000000Erasures extends Migration {
  override up(): void {
    const schema = this.config.get('schema');
    this.addSql(`create table "${schema}"."erased_users" ("user_id" uuid primary key, "erased_at" timestamptz not null default now())`);
  }

  override down(): void {
    this.addSql(`drop table if exists "${this.config.get('schema')}"."erased_users"`);
  }
}

const table = (em: EntityManager, name: string) => `"${em.config.get('schema')}"."${name}"`;

/**
 * In the erasure's transaction: the tombstone, and the user's rows in this service's outbox
 * (events about them hold their data, sent or not; what this transaction emits is kept).
 */
export async function recordErasure(em: EntityManager, userId: string): Promise<void> {
  await em.execute(`insert into ${table(em, 'erased_users')} ("user_id") values (?) on conflict do nothing`, [userId]);
  await em.execute(`delete from ${table(em, 'outbox')} where "envelope"->>'userId' = ?`, [userId]);
}

export async function isErased(em: EntityManager, userId: string): Promise<boolean> {
  const rows = await em.execute<unknown[]>(`select 1 from ${table(em, 'erased_users')} where "user_id" = ?`, [userId]);
  return rows.length > 0;
}
