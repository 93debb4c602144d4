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
 * In the erasure's transaction, before it deletes anything: the user's lock, held exclusively
 * (so writes for them already under way finish first, and the deletes that follow see them), the
 * tombstone, and the user's rows in this service's outbox (events about them hold their data,
 * sent or not; what this transaction emits later is kept).
 */
export async function recordErasure(em: EntityManager, userId: string): Promise<void> {
  await lockUser(em, userId, 'erase');
  await em.execute(`insert into ${table(em, 'erased_users')} ("user_id") values (?) on conflict do nothing`, [userId]);
  await em.execute(`delete from ${table(em, 'outbox')} where "envelope"->>'userId' = ?`, [userId]);
}

/** A row when the user (the one parameter) has a tombstone here. */
const tombstoneSql = (em: EntityManager) => `select 1 from ${table(em, 'erased_users')} where "user_id" = ?`;

export async function isErased(em: EntityManager, userId: string): Promise<boolean> {
  const rows = await em.execute<unknown[]>(tombstoneSql(em), [userId]);
  return rows.length > 0;
}

/**
 * `lockUser(…, 'write')`, then whether the user was erased, in one message: two statements, so
 * the check sees an erasure that committed while the lock waited (DeferredBeginClient answers
 * with the last statement's rows). Before any write for the user in a transaction.
 */
export async function lockUserAndCheckErased(em: EntityManager, userId: string): Promise<boolean> {
  const { sql, params } = lockUsersSql([userId], 'write')!;
  const rows = await em.execute<unknown[]>(`${sql};\n${tombstoneSql(em)}`, [...params, userId]);
  return rows.length > 0;
}

/**
 * Orders a user's writes against their erasure: every transaction that writes for a user holds
 * this lock shared, the erasure holds it exclusively. So an erasure waits for the writes already
 * under way, and any write that starts after it sees the tombstone; no row lands after erasure.
 * A statement of its own, before the tombstone check (a statement sees what committed before it
 * began); the two may still travel in one message (`lockUsersSql`).
 */
export async function lockUser(em: EntityManager, userId: string, mode: 'write' | 'erase'): Promise<void> {
  const { sql, params } = lockUsersSql([userId], mode)!;
  await em.execute(sql, params);
}

/**
 * The statement that takes users' locks (as `lockUser`): shared for their writes, exclusive for
 * an erasure; several users in a fixed order (shared locks never wait on each other, but an order
 * keeps it so if that changes). Null when there is nobody to lock.
 */
export function lockUsersSql(userIds: readonly string[], mode: 'write' | 'erase'): { sql: string; params: string[] } | null {
  const lock = mode === 'erase' ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  if (userIds.length === 0) return null;
  if (userIds.length === 1) return { sql: `select ${lock}(hashtextextended(?, 0))`, params: [userIds[0]!] };
  // A Postgres array literal: the ids are uuids (the consumer checks them).
  return { sql: `select ${lock}(hashtextextended(u, 0)) from unnest(?::text[]) as u`, params: [`{${[...userIds].sort().join(',')}}`] };
}
