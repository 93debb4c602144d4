import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import { Episode } from '../episodes/episode.entity';
import { UserNote } from '../notes/note.entity';
import { fuseRankings } from '../notes/rank-fusion';
import { SENTINEL_CONFIG, type SentinelConfig } from '../sentinel.config';
import { DedicatedIndexRepository, VECTOR_TABLES, type VectorTable } from './dedicated-index.repository';

export interface MemorySearch {
  userId: string;
  q: string;
  /** q's embedding, by `embeddingModel`: only rows embedded by the same model are compared. */
  vector: number[];
  embeddingModel: string;
  limit: number;
}

export type MemoryRow = { kind: 'note'; note: UserNote } | { kind: 'episode'; episode: Episode };
export type ScoredMemory = MemoryRow & { score: number; distance: number | null };

/** A ranked row: `note:<id>` or `episode:<id>`. */
export interface Hit {
  key: string;
  distance: number;
}

/** 'exact' compares every row of the user; 'dedicated' walks the user's own HNSW index. */
export type MemoryVectorStrategy = 'exact' | 'dedicated';

const KIND: Record<VectorTable, 'note' | 'episode'> = { user_notes: 'note', episodes: 'episode' };
/** Current notes only: history is not what the user knows now. */
const CURRENT: Record<VectorTable, string> = { user_notes: ' and "valid_to" is null', episodes: '' };

/**
 * Hybrid retrieval over one user's current notes and episodes at once: a full-text list (any of
 * the query's words, ts_rank) and a vector list (cosine distance, exact unless the user has a
 * dedicated index), fused by reciprocal rank. Every statement filters on the user.
 */
@Injectable()
export class MemorySearchRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly dedicated: DedicatedIndexRepository,
    @Inject(SENTINEL_CONFIG) private readonly config: SentinelConfig,
  ) {}

  search(search: MemorySearch): Promise<ScoredMemory[]> {
    // One transaction, so SET LOCAL for an HNSW scan ends with it.
    return this.em.fork().transactional(async (em) => {
      const depth = Math.max(search.limit * 4, 20);
      const byWords = await this.rankByWords(em, search, depth);
      const byMeaning = await this.nearestByMeaning(em, search, depth);
      const fused = fuseRankings([byWords, byMeaning.map(({ key }) => key)]).slice(0, search.limit);
      const rows = await this.load(em, fused.map(({ id }) => id));
      const distances = new Map(byMeaning.map(({ key, distance }) => [key, distance]));
      return fused.flatMap(({ id, score }) => {
        const row = rows.get(id);
        return row ? [{ ...row, score, distance: distances.get(id) ?? null }] : [];
      });
    });
  }

  /**
   * Rows holding any of the query's words, best ts_rank first (length-normalised, so a long
   * message does not win by size alone). OR, not AND: a question shares only some words with the
   * message that answers it.
   */
  async rankByWords(em: EntityManager, { userId, q }: MemorySearch, limit: number): Promise<string[]> {
    const rows = await em.execute<Array<{ key: string }>>(
      `with "query" as (select replace(plainto_tsquery('english', ?)::text, ' & ', ' | ')::tsquery as "q")
       (select 'note:' || "id" as "key", ts_rank("note_tsv", "query"."q", 1) as "rank", "created_at" as "at" from "sentinel"."user_notes", "query"
         where "user_id" = ? and "valid_to" is null and "note_tsv" @@ "query"."q")
       union all
       (select 'episode:' || "id", ts_rank("content_tsv", "query"."q", 1), "said_at" from "sentinel"."episodes", "query"
         where "user_id" = ? and "content_tsv" @@ "query"."q")
       order by "rank" desc, "at" desc limit ${limit}`,
      [q, userId, userId],
    );
    return rows.map((row) => row.key);
  }

  /** The user's `limit` rows nearest to the query vector, notes and episodes together, nearest first. */
  async nearestByMeaning(em: EntityManager, search: MemorySearch, limit: number, forced?: MemoryVectorStrategy): Promise<Hit[]> {
    const indexed = forced ? new Set<VectorTable>() : await this.dedicated.readyFor(em, search.userId);
    const lists = [];
    for (const table of VECTOR_TABLES) {
      const strategy = forced ?? (indexed.has(table) ? 'dedicated' : 'exact');
      let hits = await this.nearestIn(em, table, search, limit, strategy);
      // An iterative scan still stops at max_scan_tuples: never answer with fewer rows than there are.
      if (strategy === 'dedicated' && hits.length < limit) hits = await this.nearestIn(em, table, search, limit, 'exact');
      lists.push(hits);
    }
    return lists
      .flat()
      .sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  private async nearestIn(em: EntityManager, table: VectorTable, search: MemorySearch, limit: number, strategy: MemoryVectorStrategy): Promise<Hit[]> {
    const where = `"user_id" = ?${CURRENT[table]} and "embedding_model" = ?`;
    const vector = toSql(search.vector);
    let rows: Array<{ id: string; distance: number }>;
    if (strategy === 'exact') {
      // MATERIALIZED keeps the planner from pushing ORDER BY distance into a shared HNSW index.
      rows = await em.execute(
        `with "mine" as materialized (select "id", "embedding" from "sentinel"."${table}" where ${where})
         select "id", "embedding" <=> ?::vector as "distance" from "mine" order by "distance", "id" limit ${limit}`,
        [search.userId, search.embeddingModel, vector],
      );
    } else {
      // The partial index's predicate (user_id = the user) matches this WHERE: the planner walks it.
      await em.execute(`set local hnsw.ef_search = ${Math.max(this.config.SENTINEL_DEDICATED_EF_SEARCH, limit)}`, [], 'run');
      await em.execute('set local hnsw.iterative_scan = relaxed_order', [], 'run');
      rows = await em.execute(
        `with "nearest" as materialized (
           select "id", "embedding" <=> ?::vector as "distance" from "sentinel"."${table}" where ${where} order by "embedding" <=> ?::vector limit ${limit})
         select "id", "distance" from "nearest" order by "distance", "id"`,
        [vector, search.userId, search.embeddingModel, vector],
      );
    }
    return rows.map((row) => ({ key: `${KIND[table]}:${row.id}`, distance: Number(row.distance) }));
  }

  private async load(em: EntityManager, keys: string[]): Promise<Map<string, MemoryRow>> {
    const ids = (kind: string) => keys.filter((key) => key.startsWith(`${kind}:`)).map((key) => key.slice(kind.length + 1));
    const rows = new Map<string, MemoryRow>();
    for (const note of await em.find(UserNote, { id: { $in: ids('note') } })) rows.set(`note:${note.id}`, { kind: 'note', note });
    for (const episode of await em.find(Episode, { id: { $in: ids('episode') } })) rows.set(`episode:${episode.id}`, { kind: 'episode', episode });
    return rows;
  }
}
