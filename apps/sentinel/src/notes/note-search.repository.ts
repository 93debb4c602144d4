import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import type { NoteCategory } from '@tandem/contracts';

import { SENTINEL_CONFIG, type SentinelConfig } from '../sentinel.config';
import { UserNote } from './note.entity';
import { fuseRankings } from './rank-fusion';

export interface NoteSearch {
  userId: string;
  /** The words to match, and the text `vector` embeds. */
  q: string;
  vector: number[];
  /** The model that embedded `vector`: only notes embedded by it are compared. */
  embeddingModel: string;
  limit: number;
  category?: NoteCategory;
  includeHistory: boolean;
}

export interface ScoredNote {
  note: UserNote;
  score: number;
  /** Cosine distance to the query; null when the note came from the words alone. */
  distance: number | null;
}

/** 'exact' compares every note of the user; 'hnsw' walks the index with iterative scan. */
export type VectorStrategy = 'exact' | 'hnsw';

/**
 * Hybrid retrieval over one user's notes: a full-text list (ts_rank) and a vector list (cosine
 * distance), fused by reciprocal rank. Every query filters on the user, and on current notes
 * unless history is asked for.
 */
@Injectable()
export class NoteSearchRepository {
  constructor(
    private readonly em: EntityManager,
    @Inject(SENTINEL_CONFIG) private readonly config: SentinelConfig,
  ) {}

  search(search: NoteSearch): Promise<ScoredNote[]> {
    // One transaction, so SET LOCAL for the HNSW scan ends with it.
    return this.em.fork().transactional(async (em) => {
      const depth = Math.max(search.limit * 4, 20);
      const byWords = await this.rankByWords(em, search, depth);
      const byMeaning = await this.nearestByMeaning(em, search, depth);
      const fused = fuseRankings([byWords, byMeaning.map(({ id }) => id)]).slice(0, search.limit);
      const notes = new Map((await em.find(UserNote, { id: { $in: fused.map(({ id }) => id) } })).map((note) => [note.id, note]));
      const distances = new Map(byMeaning.map(({ id, distance }) => [id, distance]));
      return fused.map(({ id, score }) => ({ note: notes.get(id)!, score, distance: distances.get(id) ?? null }));
    });
  }

  /**
   * Notes holding any of the query's words, best ts_rank first. OR, not websearch's AND: the
   * query is often a whole message, and a note matching some of its words is still a candidate.
   */
  async rankByWords(em: EntityManager, search: NoteSearch, limit: number): Promise<string[]> {
    const { where, params } = this.filter(search);
    const rows = await em.execute<Array<{ id: string }>>(
      `select "id" from "sentinel"."user_notes", (select replace(plainto_tsquery('english', ?)::text, ' & ', ' | ')::tsquery as "q") as "query"
       where ${where} and "note_tsv" @@ "query"."q"
       order by ts_rank("note_tsv", "query"."q") desc, "created_at" desc limit ${limit}`,
      [search.q, ...params],
    );
    return rows.map((row) => row.id);
  }

  /**
   * The user's `limit` notes nearest to the query vector, the way search() finds them: exactly
   * for users with few notes, else through the index. An iterative scan still stops at
   * hnsw.max_scan_tuples (or its memory limit): when it comes back short, the user's notes are too
   * thin a slice of the index for it, and comparing them all beats answering with too few.
   */
  async nearestByMeaning(em: EntityManager, search: NoteSearch, limit: number): Promise<Array<{ id: string; distance: number }>> {
    const strategy = await this.strategyFor(em, search);
    const nearest = await this.rankByMeaning(em, search, limit, strategy);
    return strategy === 'hnsw' && nearest.length < limit ? this.rankByMeaning(em, search, limit, 'exact') : nearest;
  }

  /**
   * The user's notes nearest to the query vector, by one strategy. With HNSW, a WHERE on the user filters the
   * index's candidates after the scan: with ef_search 40 among many users' notes, few or none
   * are theirs. pgvector 0.8's iterative scan keeps walking the graph until `limit` rows pass
   * the filter (relaxed order: the outer query sorts them again).
   */
  async rankByMeaning(em: EntityManager, search: NoteSearch, limit: number, strategy: VectorStrategy): Promise<Array<{ id: string; distance: number }>> {
    const { where, params } = this.filter(search);
    const vector = toSql(search.vector);
    let rows: Array<{ id: string; distance: number }>;
    if (strategy === 'exact') {
      // MATERIALIZED keeps the planner from pushing ORDER BY distance into the HNSW index.
      rows = await em.execute(
        `with "mine" as materialized (select "id", "embedding" from "sentinel"."user_notes" where ${where} and "embedding_model" = ?)
         select "id", "embedding" <=> ?::vector as "distance" from "mine" order by "distance", "id" limit ${limit}`,
        [...params, search.embeddingModel, vector],
      );
    } else {
      const { SENTINEL_HNSW_EF_SEARCH, SENTINEL_HNSW_MAX_SCAN_TUPLES } = this.config;
      await em.execute(`set local hnsw.ef_search = ${SENTINEL_HNSW_EF_SEARCH}`, [], 'run');
      await em.execute('set local hnsw.iterative_scan = relaxed_order', [], 'run');
      await em.execute(`set local hnsw.max_scan_tuples = ${SENTINEL_HNSW_MAX_SCAN_TUPLES}`, [], 'run');
      rows = await em.execute(
        `with "nearest" as materialized (
           select "id", "embedding" <=> ?::vector as "distance" from "sentinel"."user_notes" where ${where} and "embedding_model" = ?
           order by "embedding" <=> ?::vector limit ${limit})
         select "id", "distance" from "nearest" order by "distance", "id"`,
        [vector, ...params, search.embeddingModel, vector],
      );
    }
    return rows.map((row) => ({ id: row.id, distance: Number(row.distance) }));
  }

  /** Exact for users with few notes (most of them): counting stops one past the threshold. */
  async strategyFor(em: EntityManager, search: Pick<NoteSearch, 'userId'>): Promise<VectorStrategy> {
    const max = this.config.SENTINEL_EXACT_SEARCH_MAX_NOTES;
    const [row] = await em.execute<Array<{ count: string }>>(`select count(*) as "count" from (select 1 from "sentinel"."user_notes" where "user_id" = ? limit ${max + 1}) as "some"`, [search.userId]);
    return Number(row?.count ?? 0) > max ? 'hnsw' : 'exact';
  }

  private filter(search: Pick<NoteSearch, 'userId' | 'category' | 'includeHistory'>): { where: string; params: unknown[] } {
    const where = ['"user_id" = ?'];
    const params: unknown[] = [search.userId];
    if (!search.includeHistory) where.push('"valid_to" is null');
    if (search.category) {
      where.push('"category" = ?');
      params.push(search.category);
    }
    return { where: where.join(' and '), params };
  }
}
