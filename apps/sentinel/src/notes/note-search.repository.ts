import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import type { NoteCategory } from '@tandem/contracts';

import { SENTINEL_CONFIG, type SentinelConfig } from '../sentinel.config';
import type { NoteFields } from './note.mapper';
import { NOTE_COLUMNS, noteFieldsOf, type NoteRow } from './note.repository';
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
  note: NoteFields;
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

  /**
   * Raw statements, and a transaction only for an HNSW walk (its SET LOCAL): chat asks on every
   * turn. The word ranking and the count that picks the vector strategy share one statement.
   */
  async search(search: NoteSearch): Promise<ScoredNote[]> {
    const depth = Math.max(search.limit * 4, 20);
    const { byWords, strategy } = await this.wordsAndStrategy(search, depth);
    const byMeaning = await this.nearestByMeaning(search, depth, strategy);
    const fused = fuseRankings([byWords, byMeaning.map(({ id }) => id)]).slice(0, search.limit);
    if (!fused.length) return [];
    const rows = await this.em.execute<NoteRow[]>(`select ${NOTE_COLUMNS} from "sentinel"."user_notes" where "id" = any(?::uuid[])`, [`{${fused.map(({ id }) => id).join(',')}}`]);
    const notes = new Map(rows.map((row) => [row.id, noteFieldsOf(row)]));
    const distances = new Map(byMeaning.map(({ id, distance }) => [id, distance]));
    return fused.map(({ id, score }) => ({ note: notes.get(id)!, score, distance: distances.get(id) ?? null }));
  }

  /**
   * The notes holding any of the query's words, best ts_rank first (OR, not websearch's AND: the
   * query is often a whole message, and a note matching some of its words is still a candidate),
   * and the vector strategy for the user (strategyFor's answer), in one statement.
   */
  private async wordsAndStrategy(search: NoteSearch, limit: number): Promise<{ byWords: string[]; strategy: VectorStrategy }> {
    const { where, params } = this.filter(search);
    const max = this.config.SENTINEL_EXACT_SEARCH_MAX_NOTES;
    const [row] = await this.em.execute<Array<{ ids: string[]; count: string }>>(
      `select array(select "id" from "sentinel"."user_notes", (select replace(plainto_tsquery('english', ?)::text, ' & ', ' | ')::tsquery as "q") as "query"
         where ${where} and "note_tsv" @@ "query"."q" order by ts_rank("note_tsv", "query"."q") desc, "created_at" desc limit ${limit}) as "ids",
       (${this.countSql()}) as "count"`,
      [search.q, ...params, search.userId],
    );
    return { byWords: row!.ids, strategy: Number(row!.count) > max ? 'hnsw' : 'exact' };
  }

  /**
   * The user's `limit` notes nearest to the query vector (strategyFor's strategy unless given):
   * exactly for users with few notes (no transaction), else through the index (in one, for its SET LOCAL). An iterative scan still
   * stops at hnsw.max_scan_tuples (or its memory limit): when it comes back short, the user's
   * notes are too thin a slice of the index for it, and comparing them all beats answering with too few.
   */
  async nearestByMeaning(search: NoteSearch, limit: number, strategy?: VectorStrategy): Promise<Array<{ id: string; distance: number }>> {
    strategy ??= await this.strategyFor(this.em, search);
    if (strategy === 'exact') return this.rankByMeaning(this.em, search, limit, 'exact');
    const nearest = await this.em.fork().transactional((em) => this.rankByMeaning(em, search, limit, 'hnsw'));
    return nearest.length < limit ? this.rankByMeaning(this.em, search, limit, 'exact') : nearest;
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
    const [row] = await em.execute<Array<{ count: string }>>(`select (${this.countSql()}) as "count"`, [search.userId]);
    return Number(row?.count ?? 0) > this.config.SENTINEL_EXACT_SEARCH_MAX_NOTES ? 'hnsw' : 'exact';
  }

  /** The user's notes counted up to one past the exact search's threshold (one parameter: the user). */
  private countSql(): string {
    return `select count(*) from (select 1 from "sentinel"."user_notes" where "user_id" = ? limit ${this.config.SENTINEL_EXACT_SEARCH_MAX_NOTES + 1}) as "some"`;
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
