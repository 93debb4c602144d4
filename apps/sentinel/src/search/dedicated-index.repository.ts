import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { NOTE_EMBEDDING_DIMENSIONS } from '../embeddings/embeddings.provider';

/** The tables whose vectors a user's search compares: notes and episodes. */
export const VECTOR_TABLES = ['user_notes', 'episodes'] as const;
export type VectorTable = (typeof VECTOR_TABLES)[number];

/**
 * What a dedicated index orders by: the unit vector, by inner product, which orders as cosine
 * distance does. Not the column itself: user_notes also has a shared HNSW index on "embedding"
 * (vector_cosine_ops), and the planner, given both, often walked the shared one and filtered it to
 * the user (recall 0.81-0.90 measured). No other index has this expression, so the walk is always
 * the user's own. Searches re-rank what it returns by the exact cosine distance. The search's
 * function sentinel.memory_nearest (migration 20261201043000) writes the same expression: keep them alike.
 */
export const DEDICATED_INDEX_KEY = `(l2_normalize("embedding")::vector(${NOTE_EMBEDDING_DIMENSIONS}))`;

/** A claim older than this without a finished index is taken to be a crashed build, and retried. */
const STALE_CLAIM_MINUTES = 60;

/**
 * Partial HNSW indexes, one per (user, table) with many rows: `... using hnsw (embedding) where
 * user_id = '<id>'`. Within it every tuple is the user's, so a graph walk finds their nearest rows
 * (a shared index returns everyone's, and the user filter comes after). Claimed by a row in
 * dedicated_vector_indexes before the build, so several replicas never build the same one.
 */
@Injectable()
export class DedicatedIndexRepository {
  constructor(private readonly em: EntityManager) {}

  /** Users with more than `minRows` rows in `table` and no index (or a stale claim): the btree on user_id counts them. */
  async wanted(table: VectorTable, minRows: number): Promise<Array<{ userId: string; rows: number }>> {
    const rows = await this.em
      .fork()
      .execute<Array<{ user_id: string; rows: string }>>(`select "user_id", count(*) as "rows" from "sentinel"."${table}" group by "user_id" having count(*) > ?`, [minRows]);
    const claimed = await this.em
      .fork()
      .execute<Array<{ user_id: string }>>(
        `select "user_id" from "sentinel"."dedicated_vector_indexes" where "table_name" = ? and ("ready" or "created_at" > now() - interval '${STALE_CLAIM_MINUTES} minutes')`,
        [table],
      );
    const taken = new Set(claimed.map((row) => row.user_id));
    return rows.filter((row) => !taken.has(row.user_id)).map((row) => ({ userId: row.user_id, rows: Number(row.rows) }));
  }

  /**
   * Claims and builds one user's index (CONCURRENTLY: writes go on meanwhile); false when another
   * replica holds the claim. A stale claim's half-built index is dropped first.
   */
  async build(userId: string, table: VectorTable, rows: number): Promise<boolean> {
    const em = this.em.fork();
    const index = indexName(userId, table);
    const claimed = await em.execute<Array<{ user_id: string }>>(
      `insert into "sentinel"."dedicated_vector_indexes" ("user_id", "table_name", "index_name", "rows_at_build") values (?, ?, ?, ?)
       on conflict ("user_id", "table_name") do update set "created_at" = now(), "rows_at_build" = excluded."rows_at_build"
         where not "dedicated_vector_indexes"."ready" and "dedicated_vector_indexes"."created_at" <= now() - interval '${STALE_CLAIM_MINUTES} minutes'
       returning "user_id"`,
      [userId, table, index, rows],
    );
    if (!claimed.length) return false;
    await em.execute(`drop index concurrently if exists "sentinel"."${index}"`, [], 'run');
    // userId is a uuid read from the table, so it is safe inside the DDL (which takes no parameters).
    await em.execute(
      `create index concurrently "${index}" on "sentinel"."${table}" using hnsw (${DEDICATED_INDEX_KEY} vector_ip_ops) with (m = 24, ef_construction = 100) where "user_id" = '${uuid(userId)}'`,
      [],
      'run',
    );
    await em.execute(`update "sentinel"."dedicated_vector_indexes" set "ready" = true where "user_id" = ? and "table_name" = ?`, [userId, table], 'run');
    return true;
  }

  /** Drops the indexes of users who now have few rows (erased, or their rows deleted); returns how many. */
  async dropUnneeded(minRows: number): Promise<number> {
    const em = this.em.fork();
    let dropped = 0;
    for (const table of VECTOR_TABLES) {
      const idle = await em.execute<Array<{ user_id: string; index_name: string }>>(
        `select d."user_id", d."index_name" from "sentinel"."dedicated_vector_indexes" d
         where d."table_name" = ? and d."ready" and (select count(*) from (select 1 from "sentinel"."${table}" t where t."user_id" = d."user_id" limit ?) as "some") <= ?`,
        [table, minRows / 2 + 1, minRows / 2],
      );
      for (const { user_id: userId, index_name: index } of idle) {
        await em.execute(`drop index concurrently if exists "sentinel"."${index}"`, [], 'run');
        await em.execute(`delete from "sentinel"."dedicated_vector_indexes" where "user_id" = ? and "table_name" = ?`, [userId, table], 'run');
        dropped++;
      }
    }
    return dropped;
  }
}

function uuid(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new Error(`not a uuid: ${value}`);
  return value.toLowerCase();
}

export function indexName(userId: string, table: VectorTable): string {
  return `${table}_hnsw_${uuid(userId).replaceAll('-', '')}`;
}
