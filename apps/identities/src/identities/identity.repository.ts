import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { IdentityCategory, IdentityState } from '@tandem/contracts';
import type { KeysetCursor } from '@tandem/messaging';

import { Identity } from './identity.entity';

/**
 * The weighted document `q` searches: name (A) over affirmation (B) over visualization (C).
 * Migration20261123020000Identities indexes this exact expression (identities_search_gin_idx).
 */
export const SEARCH_DOCUMENT = `(setweight(to_tsvector('english', coalesce("name", '')), 'A') || setweight(to_tsvector('english', coalesce("affirmation", '')), 'B') || setweight(to_tsvector('english', coalesce("visualization", '')), 'C'))`;

export interface IdentityFilter {
  userId: string;
  category?: IdentityCategory;
  state?: IdentityState;
  /** Web-search syntax (`calm leader`, `"calm leader"`, `calm -anxious`); best match first. */
  q?: string;
  includeArchived: boolean;
}

export type NewIdentity = Pick<Identity, 'id' | 'userId' | 'category' | 'name' | 'affirmation' | 'visualization' | 'testScenarioId'>;

/**
 * The only code that touches the ORM for identities. Writes take the caller's transaction (a
 * message handler's or MessageBus.transaction's); reads use a fresh context of their own.
 */
@Injectable()
export class IdentityRepository {
  constructor(private readonly em: EntityManager) {}

  /** The user's identity, locked for the rest of the transaction; null when absent or someone else's. */
  findOwnedForUpdate(em: EntityManager, userId: string, identityId: string): Promise<Identity | null> {
    return em.findOne(Identity, { id: identityId, userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  findOwned(userId: string, identityId: string): Promise<Identity | null> {
    return this.em.fork().findOne(Identity, { id: identityId, userId });
  }

  async create(em: EntityManager, data: NewIdentity): Promise<Identity> {
    const now = new Date();
    const identity = em.create(Identity, { ...data, state: 'PROPOSED', createdAt: now, updatedAt: now });
    await em.flush();
    return identity;
  }

  /** Applies changes and flushes, so the identity (and its updatedAt) is what the database holds. */
  async update(em: EntityManager, identity: Identity, changes: Partial<Pick<Identity, 'name' | 'affirmation' | 'visualization' | 'state' | 'archivedAt'>>): Promise<Identity> {
    em.assign(identity, changes);
    await em.flush();
    return identity;
  }

  /**
   * Oldest first (then by id, so pages are stable), or best match first with q. A page: `after`
   * (keyset, without q) or `offset` (into the ranking, with q), and `limit` rows; every row without.
   */
  async list(filter: IdentityFilter, page: { after?: KeysetCursor; offset?: number; limit?: number } = {}): Promise<Identity[]> {
    const em = this.em.fork();
    const where = ['"user_id" = ?'];
    const params: unknown[] = [filter.userId];
    if (filter.category) {
      where.push('"category" = ?');
      params.push(filter.category);
    }
    if (filter.state) {
      where.push('"state" = ?');
      params.push(filter.state);
    }
    if (!filter.includeArchived) where.push('"archived_at" is null');
    let order = '"created_at" asc, "id" asc';
    if (filter.q) {
      where.push(`${SEARCH_DOCUMENT} @@ websearch_to_tsquery('english', ?)`);
      order = `ts_rank(${SEARCH_DOCUMENT}, websearch_to_tsquery('english', ?)) desc, "updated_at" desc, "id" asc`;
      params.push(filter.q, filter.q);
    } else if (page.after) {
      where.push('("created_at", "id") > (?::timestamptz, ?::uuid)');
      params.push(page.after.at, page.after.id);
    }
    let window = '';
    if (page.limit !== undefined) ((window += ' limit ?'), params.push(page.limit));
    if (page.offset) ((window += ' offset ?'), params.push(page.offset));
    const rows = await em.execute(`select * from "identities"."identities" where ${where.join(' and ')} order by ${order}${window}`, params);
    return rows.map((row) => em.map(Identity, row));
  }

  /**
   * Deletes one identity (its versions go by cascade) and the already-published outbox rows that
   * carried it: they held the user's words.
   */
  async delete(em: EntityManager, identity: Identity): Promise<void> {
    await em.remove(identity).flush();
    await em.execute(
      `delete from "identities"."outbox" where "published_at" is not null and "envelope"->>'userId' = ? and ("envelope"->'payload'->'identity'->>'id') = ?`,
      [identity.userId, identity.id],
      'run',
    );
  }

  /** A reset test scenario: exactly the identities tagged with it (their versions go by cascade). */
  deleteTagged(em: EntityManager, testScenarioId: string): Promise<number> {
    return em.nativeDelete(Identity, { testScenarioId });
  }

  /**
   * Deletes every identity of the user with their versions, and the already-published outbox rows
   * that carried them (they held the user's words); returns how many identities and versions there were.
   */
  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    const [versions] = await em.execute<Array<{ count: string }>>(`select count(*) as "count" from "identities"."identity_versions" where "user_id" = ?`, [userId]);
    const deleted = (await em.nativeDelete(Identity, { userId })) + Number(versions?.count ?? 0);
    await em.execute(`delete from "identities"."outbox" where "published_at" is not null and "envelope"->>'userId' = ?`, [userId], 'run');
    return deleted;
  }
}
