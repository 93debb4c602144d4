import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import { boundQuery } from '@tandem/persistence';

import type { Episode } from '../episodes/episode.entity';
import type { NoteFields } from '../notes/note.mapper';
import { NOTE_COLUMNS, noteFieldsOf, type NoteRow } from '../notes/note.repository';
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
    // No transaction: memory_nearest sets the walk's HNSW settings for its own statement.
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
      if (!row) continue;
      const memory = toRow(row);
      const source = memory.kind === 'note' ? memory.note.sourceMessageId : memory.episode.id;
      if (source && seen.has(source)) continue;
      if (source) seen.add(source);
      hits.push({ ...memory, score, distance: distances.get(id) ?? null });
      if (hits.length === search.limit) break;
    }
    return hits;
  }

  /**
   * Both candidate lists and the fields of every row in them, from two statements at once on two
   * pooled connections, so a search takes as long as the slower one, not both: the words; the
   * nearest notes and episodes. Each row's fields come as json text, parsed only for the rows
   * answered with (toRow): a search reads some hundred candidates to answer ten.
   */
  async rankBoth(em: EntityManager, search: MemorySearch, limit: number): Promise<{ byWords: Array<{ key: string; score: number }>; byMeaning: Hit[]; rows: Map<string, JsonRow> }> {
    const words = this.wordsSql(search, limit);
    const nearest = this.nearestSql(search, limit);
    const [byWords, byMeaning] = await Promise.all([
      boundQuery<ListedRow>(em, listedWithRows(`select 'words' as "list", "key", "score" as "value", "position" from (${words.sql}) as "w"`), words.params),
      // The nearest `limit` of both tables (and ties: mergeNearest makes the final cut), so the rows' fields are read for those only.
      boundQuery<ListedRow>(
        em,
        listedWithRows(`select "list", "key", "distance" as "value", 0 as "position" from (${nearest.sql}) as "n" order by "distance" fetch first ${limit} rows with ties`),
        nearest.params,
      ),
    ]);
    const rows = new Map<string, JsonRow>();
    for (const { list, key, row } of [...byWords, ...byMeaning]) if ((list === 'note' || list === 'episode') && row !== null) rows.set(key, { kind: list, json: row });
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
    const rows = await boundQuery<{ key: string; score: number }>(em, sql, params);
    return rows.map((row) => ({ key: row.key, score: Number(row.score) }));
  }

  /** Its parameters start with the user ($1), as every list's do (listedWithRows reads it). */
  private wordsSql({ userId, q }: MemorySearch, limit: number): { sql: string; params: unknown[] } {
    // The query is the function sentinel.memory_word_hits (migration 20261201042000), whose plan each connection keeps.
    return { sql: `select "key", "score", "position" from "sentinel"."memory_word_hits"($1, $2, ${limit}, ${MAX_TERMS}, ${MAX_ROWS_PER_TERM})`, params: [userId, q] };
  }

  /** The user's `limit` rows nearest to the query vector, notes and episodes together, nearest first. */
  async nearestByMeaning(em: EntityManager, search: MemorySearch, limit: number, strategy: MemoryVectorStrategy = 'service'): Promise<Hit[]> {
    const nearest = this.nearestSql(search, limit);
    const lists =
      strategy === 'exact'
        ? await Promise.all(VECTOR_TABLES.map((table) => boundQuery<{ key: string; distance: number }>(em, ...this.exactSql(table, search, limit))))
        : [await boundQuery<{ key: string; distance: number }>(em, nearest.sql, nearest.params)];
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
   * A function, so each connection keeps the exact scans' plans; it sets the walk's HNSW
   * settings itself (migration 20261201044000). Parameters start with the user ($1).
   */
  private nearestSql(search: MemorySearch, limit: number): { sql: string; params: unknown[] } {
    const walk = limit + RERANK_MARGIN;
    const efSearch = Math.max(this.config.SENTINEL_DEDICATED_EF_SEARCH, walk);
    return {
      sql: `select "list", "key", "distance" from "sentinel"."memory_nearest"($1, $2, $3::vector, ${limit}, ${walk}, ${efSearch})`,
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
         select "id", "embedding" <=> $3::vector as "distance"
           from (select "id", "embedding" from "sentinel"."${table}" where "user_id" = $1${CURRENT[table]} and "embedding_model" = $2 offset 0) as "mine"
          order by "distance", "id" limit ${limit}) as "nearest"`,
      [search.userId, search.embeddingModel, toSql(search.vector)],
    ];
  }
}

type MemoryKind = MemoryRow['kind'];

/** A row of rankBoth's statement: a candidate of one list (`row` null), or the fields of one row as json text (`list` its kind). */
interface ListedRow {
  list: 'words' | VectorTable | MemoryKind;
  key: string;
  value: number | null;
  position: number | string | null;
  row: string | null;
}

/** Fields as json_build_object gives them: timestamps as ISO strings. */
type EpisodeJson = Omit<EpisodeFields, 'saidAt'> & { saidAt: string };
/** A row's fields as the statement gave them: json text of a NoteRow or an EpisodeJson, by kind. */
type JsonRow = { kind: MemoryKind; json: string };

/** json_build_object's arguments: each of `columns` keyed by its own name. */
const keyedByName = (columns: string[]) => columns.map((column) => `'${column}', "${column}"`).join(', ');

const ROW_FIELDS: Record<MemoryKind, string> = {
  // The columns raw note reads take (NOTE_COLUMNS), made into fields by the same noteFieldsOf.
  note: keyedByName(NOTE_COLUMNS.split(', ').map((column) => column.slice(1, -1))),
  episode: `'id', "id", 'userId', "user_id", 'conversationId', "conversation_id", 'content', "content", 'saidAt', "said_at"`,
};

/**
 * The fields an answer shows (NoteFields, EpisodeFields) of the rows of one kind in "lists", as
 * json text. `= any(array(...))`: no join the planner could turn into a scan of the user's rows; it
 * looks the ids up by primary key (or, for a user of a few hundred rows, reads them through
 * user_id's index). Filtered on the user again ($1, the lists' first parameter): the ids came
 * from the user's own lists, the filter all the same.
 */
function rowsSql(kind: MemoryKind): string {
  const table = kind === 'note' ? 'user_notes' : 'episodes';
  return `select '${kind}', '${kind}:' || "id", null, null, json_build_object(${ROW_FIELDS[kind]})::text from "sentinel"."${table}"
           where "user_id" = $1 and "id" = any(array(select substr("key", ${kind.length + 2})::uuid from "lists" where "key" like '${kind}:%'))`;
}

/**
 * One statement of candidate lists (`lists`: rows of list, key, value and position, from
 * parameters whose first is the user) and the fields of every row in them: each list's rows
 * (`row` null), then the rows' fields by kind, ordered by list and rank.
 */
function listedWithRows(lists: string): string {
  return `with "lists" as materialized (${lists})
     select "list", "key", "value", "position", null::text as "row" from "lists"
     union all ${rowsSql('note')}
     union all ${rowsSql('episode')}
     order by "list", "position", "value", "key"`;
}

/** A hit's json fields parsed, dates made of them: only for the rows answered with, not every candidate's. */
function toRow({ kind, json }: JsonRow): MemoryRow {
  if (kind === 'episode') {
    const episode = JSON.parse(json) as EpisodeJson;
    return { kind, episode: { ...episode, saidAt: new Date(episode.saidAt) } };
  }
  return { kind, note: noteFieldsOf(JSON.parse(json) as NoteRow) };
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
