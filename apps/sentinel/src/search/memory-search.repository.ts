import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import type { Episode } from '../episodes/episode.entity';
import type { NoteFields } from '../notes/note.mapper';
import { SENTINEL_CONFIG, type SentinelConfig } from '../sentinel.config';
import { VECTOR_TABLES, type VectorTable } from './dedicated-index.repository';

export interface MemorySearch {
  userId: string;
  q: string;
  /** q's embedding, by `embeddingModel`: only rows embedded by the same model are compared. */
  vector: number[];
  embeddingModel: string;
  limit: number;
}

/** What an episode's view is made of: the search reads these fields only. */
export type EpisodeFields = Pick<Episode, 'id' | 'userId' | 'conversationId' | 'content' | 'saidAt'>;
export type MemoryRow = { kind: 'note'; note: NoteFields } | { kind: 'episode'; episode: EpisodeFields };
export type ScoredMemory = MemoryRow & { score: number; distance: number | null };

/** A ranked row: `note:<id>` or `episode:<id>`. */
export interface Hit {
  key: string;
  distance: number;
}

/**
 * How much the words count against the meaning when fusing (0-1): 0.7 scored best on the long
 * conversations of evals/memory (0.6: 0.81, 0.7: 0.84, 0.8: 0.80) with the offline embeddings,
 * whose sentence vectors are weak on a question's few words (docs/sentinel.md).
 */
const WORDS_WEIGHT = 0.7;

/** The rarest words of a question that are looked up: the rest weigh little (idf) and cost much. */
const MAX_TERMS = 8;
/**
 * Rows fetched per word: a rare word's rows are all read; a word in thousands of a heavy user's
 * rows (idf near ln 2) adds little to any score, and fetching them all was most of the search's time.
 * 100, not 500: a four-word question of common words took 5.6 ms instead of 20-37 ms for a
 * 25,000-row user; recall@5 on evals/memory unchanged (0.843).
 */
const MAX_ROWS_PER_TERM = 100;

/**
 * A dedicated walk returns this many rows more than asked, re-ranked by the exact cosine distance:
 * the normalized vectors' inner product orders as cosine does, up to float rounding.
 */
const RERANK_MARGIN = 10;

/**
 * 'service': what a search does (sentinel.memory_nearest: the user's own HNSW index walked where
 * it is ready, every row compared elsewhere); 'exact': every row of the user compared, always.
 */
export type MemoryVectorStrategy = 'service' | 'exact';

const KIND: Record<VectorTable, 'note' | 'episode'> = { user_notes: 'note', episodes: 'episode' };
/** Current notes only: history is not what the user knows now. */
const CURRENT: Record<VectorTable, string> = { user_notes: ' and "valid_to" is null', episodes: '' };

/**
 * Hybrid retrieval over one user's current notes and episodes at once: a full-text list (any of
 * the query's words, ts_rank) and a vector list (cosine distance, exact unless the user has a
 * dedicated index), fused by score. Every statement filters on the user.
 */
@Injectable()
export class MemorySearchRepository {
  constructor(
    private readonly em: EntityManager,
    @Inject(SENTINEL_CONFIG) private readonly config: SentinelConfig,
  ) {}

  async search(search: MemorySearch): Promise<ScoredMemory[]> {
    // No transaction: the HNSW settings travel with the statement that uses them (SET LOCAL in the
    // implicit transaction of a several-statement message).
    const em = this.em.fork();
    const depth = Math.max(search.limit * 4, 20);
    const { byWords, byMeaning, rows } = await this.rankBoth(em, search, depth);
    const fused = fuseScores(byWords, byMeaning, WORDS_WEIGHT).slice(0, search.limit * 3);
    const distances = new Map(byMeaning.map(({ key, distance }) => [key, distance]));
    // One hit per message: a note and the message it came from say the same thing; the better ranked stays.
    const seen = new Set<string>();
    const hits: ScoredMemory[] = [];
    for (const { id, score } of fused) {
      const row = rows.get(id);
      const source = row?.kind === 'note' ? row.note.sourceMessageId : row?.episode.id;
      if (!row || (source && seen.has(source))) continue;
      if (source) seen.add(source);
      hits.push({ ...toRow(row), score, distance: distances.get(id) ?? null });
      if (hits.length === search.limit) break;
    }
    return hits;
  }

  /**
   * The HNSW settings of a dedicated walk, to send before its statement in the same message: SET
   * LOCAL ends with the message's implicit transaction (or with the caller's transaction). They
   * change nothing for an exact scan.
   */
  private hnswSettings(limit: number): string {
    const efSearch = Math.max(this.config.SENTINEL_DEDICATED_EF_SEARCH, limit + RERANK_MARGIN);
    return `set local hnsw.ef_search = ${efSearch}; set local hnsw.iterative_scan = relaxed_order;\n`;
  }

  /**
   * Both candidate lists and the fields of every row in them, from two statements at once on two
   * pooled connections, so a search takes as long as the slower one, not both: the words; the
   * nearest notes and episodes.
   */
  async rankBoth(em: EntityManager, search: MemorySearch, limit: number): Promise<{ byWords: Array<{ key: string; score: number }>; byMeaning: Hit[]; rows: Map<string, JsonRow> }> {
    const words = this.wordsSql(search, limit);
    const nearest = this.nearestSql(search, limit);
    const [byWords, byMeaning] = await Promise.all([
      em.execute<ListedRow[]>(...listedWithRows({ sql: `select 'words' as "list", "key", "score" as "value", "position" from (${words.sql}) as "w"`, params: words.params }, search.userId)),
      em.execute<ListedRow[]>(
        ...listedWithRows({ sql: `select "list", "key", "distance" as "value", 0 as "position" from (${nearest.sql}) as "n"`, params: nearest.params }, search.userId, this.hnswSettings(limit)),
      ),
    ]);
    const rows = new Map<string, JsonRow>();
    for (const { list, key, row } of [...byWords, ...byMeaning])
      if (list === 'note') rows.set(key, { kind: list, note: row as NoteJson });
      else if (list === 'episode') rows.set(key, { kind: list, episode: row as EpisodeJson });
    const lists = VECTOR_TABLES.map((table) => byMeaning.filter((row) => row.list === table).map((row) => ({ key: row.key, distance: Number(row.value) })));
    return { byWords: byWords.filter((row) => row.list === 'words').map((row) => ({ key: row.key, score: Number(row.value) })), byMeaning: mergeNearest(lists, limit), rows };
  }

  /**
   * Rows holding any of the query's words (OR, not AND: a question shares only some words with
   * the message that answers it), scored as BM25 does without term frequency: each word weighs
   * its rarity among the user's rows, idf = ln(1 + (N - n + 0.5) / (n + 0.5)), so "Falmouth"
   * outweighs "live". A word found only in an episode's context (the two messages before) counts half.
   * n and N are read from memory_word_counts and memory_row_counts (kept by triggers); only the
   * MAX_TERMS rarest of the words the user ever wrote are looked up, MAX_ROWS_PER_TERM rows each.
   */
  async rankByWords(em: EntityManager, search: MemorySearch, limit: number): Promise<Array<{ key: string; score: number }>> {
    const { sql, params } = this.wordsSql(search, limit);
    const rows = await em.execute<Array<{ key: string; score: number }>>(sql, params);
    return rows.map((row) => ({ key: row.key, score: Number(row.score) }));
  }

  private wordsSql({ userId, q }: MemorySearch, limit: number): { sql: string; params: unknown[] } {
    // The query is the function sentinel.memory_word_hits (migration 20261201042000), whose plan each connection keeps.
    return { sql: `select "key", "score", "position" from "sentinel"."memory_word_hits"(?, ?, ${limit}, ${MAX_TERMS}, ${MAX_ROWS_PER_TERM})`, params: [userId, q] };
  }

  /** The user's `limit` rows nearest to the query vector, notes and episodes together, nearest first. */
  async nearestByMeaning(em: EntityManager, search: MemorySearch, limit: number, strategy: MemoryVectorStrategy = 'service'): Promise<Hit[]> {
    const nearest = this.nearestSql(search, limit);
    const lists =
      strategy === 'exact'
        ? await Promise.all(VECTOR_TABLES.map((table) => em.execute<Array<{ key: string; distance: number }>>(...this.exactSql(table, search, limit))))
        : [await em.execute<Array<{ key: string; distance: number }>>(this.hnswSettings(limit) + nearest.sql, nearest.params)];
    return mergeNearest(
      lists.map((list) => list.map((row) => ({ key: row.key, distance: Number(row.distance) }))),
      limit,
    );
  }

  /**
   * The user's `limit` nearest current notes and nearest episodes (`list`: the table), by the
   * function sentinel.memory_nearest (migration 20261201043000): for each table the walk of the
   * user's own partial index where one is ready (`limit` and a margin, re-ranked by the exact
   * cosine distance; exact instead if the walk comes back short), every row compared elsewhere.
   * A function, so each connection keeps the exact scans' plans; the settings (hnswSettings) go
   * before it.
   */
  private nearestSql(search: MemorySearch, limit: number): { sql: string; params: unknown[] } {
    return {
      sql: `select "list", "key", "distance" from "sentinel"."memory_nearest"(?, ?, ?::vector, ${limit}, ${limit + RERANK_MARGIN})`,
      params: [search.userId, search.embeddingModel, toSql(search.vector)],
    };
  }

  /**
   * Every current row of the user in `table` compared: the answer a search must match (the
   * bench's truth). `offset 0` keeps the planner off user_notes' shared HNSW index.
   */
  private exactSql(table: VectorTable, search: MemorySearch, limit: number): [string, unknown[]] {
    return [
      `select '${KIND[table]}:' || "id" as "key", "distance" from (
         select "id", "embedding" <=> ?::vector as "distance"
           from (select "id", "embedding" from "sentinel"."${table}" where "user_id" = ?${CURRENT[table]} and "embedding_model" = ? offset 0) as "mine"
          order by "distance", "id" limit ${limit}) as "nearest"`,
      [toSql(search.vector), search.userId, search.embeddingModel],
    ];
  }
}

type MemoryKind = MemoryRow['kind'];

/** A row of rankBoth's statement: a candidate of one list (`row` null), or the fields of one row (`list` its kind). */
interface ListedRow {
  list: 'words' | VectorTable | MemoryKind;
  key: string;
  value: number | null;
  position: number | string | null;
  row: NoteJson | EpisodeJson | null;
}

/** Fields as json_build_object gives them: timestamps as ISO strings. */
type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type NoteJson = AsJson<NoteFields>;
type EpisodeJson = AsJson<EpisodeFields>;
type JsonRow = { kind: 'note'; note: NoteJson } | { kind: 'episode'; episode: EpisodeJson };

const ROW_FIELDS: Record<MemoryKind, string> = {
  note: `'id', "id", 'userId', "user_id", 'note', "note", 'category', "category", 'memoryClass', "memory_class", 'confidence', "confidence",
    'sourceMessageId', "source_message_id", 'validFrom', "valid_from", 'validTo', "valid_to", 'supersededBy', "superseded_by", 'createdAt', "created_at", 'updatedAt', "updated_at"`,
  episode: `'id', "id", 'userId', "user_id", 'conversationId', "conversation_id", 'content', "content", 'saidAt', "said_at"`,
};

/**
 * The fields an answer shows (NoteFields, EpisodeFields) of the rows of one kind in "lists", as
 * json. `= any(array(...))`: no join the planner could turn into a scan of the user's rows; it
 * looks the ids up by primary key (or, for a user of a few hundred rows, reads them through
 * user_id's index). Filtered on the user again (its param): the ids came from the user's own
 * lists, the filter all the same.
 */
function rowsSql(kind: MemoryKind): string {
  const table = kind === 'note' ? 'user_notes' : 'episodes';
  return `select '${kind}', '${kind}:' || "id", null, null, json_build_object(${ROW_FIELDS[kind]}) from "sentinel"."${table}"
           where "user_id" = ? and "id" = any(array(select substr("key", ${kind.length + 2})::uuid from "lists" where "key" like '${kind}:%'))`;
}

/**
 * One statement of candidate lists (`lists`: rows of list, key, value and position) and the fields
 * of every row in them: each list's rows (`row` null), then the rows' fields by kind, ordered by
 * list and rank. `settings` (SET LOCAL) go before it in the same message, and end with its
 * implicit transaction.
 */
function listedWithRows(lists: { sql: string; params: unknown[] }, userId: string, settings = ''): [string, unknown[]] {
  const sql = `${settings}with "lists" as materialized (${lists.sql})
     select "list", "key", "value", "position", null::json as "row" from "lists"
     union all ${rowsSql('note')}
     union all ${rowsSql('episode')}
     order by "list", "position", "value", "key"`;
  return [sql, [...lists.params, userId, userId]];
}

/** Dates made of a hit's json fields: only for the rows answered with, not every candidate's. */
function toRow(row: JsonRow): MemoryRow {
  if (row.kind === 'episode') return { kind: 'episode', episode: { ...row.episode, saidAt: new Date(row.episode.saidAt) } };
  const { validFrom, validTo, createdAt, updatedAt } = row.note;
  const note = { ...row.note, validFrom: new Date(validFrom), validTo: validTo === null ? null : new Date(validTo), createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
  return { kind: 'note', note };
}

function mergeNearest(lists: Hit[][], limit: number): Hit[] {
  return lists
    .flat()
    .sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key))
    .slice(0, limit);
}

/**
 * Fuses the two lists by score, not rank: each list's scores scaled to 0-1 among its candidates
 * (the best word match 1; the nearest row 1, the farthest candidate 0), then weighed `words` to
 * 1 - `words`. A question's rare word found in one message is a strong sign that rank fusion
 * would flatten into "first of its list".
 */
export function fuseScores(byWords: ReadonlyArray<{ key: string; score: number }>, byMeaning: readonly Hit[], words: number): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  const best = Math.max(...byWords.map((hit) => hit.score), 0);
  for (const hit of byWords) if (best > 0) scores.set(hit.key, (words * hit.score) / best);
  const nearest = Math.min(...byMeaning.map((hit) => hit.distance));
  const farthest = Math.max(...byMeaning.map((hit) => hit.distance));
  for (const hit of byMeaning) {
    const closeness = farthest > nearest ? (farthest - hit.distance) / (farthest - nearest) : 1;
    scores.set(hit.key, (scores.get(hit.key) ?? 0) + (1 - words) * closeness);
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
