// Memory search (sentinel.search-memory: notes and episodes) for users of 10, 1,000 and 25,000
// rows among everyone's: p50/p99 of the whole search (timed in a process running the service's
// compiled code: timeSearches), and recall of its vector top 10 against an exact scan. Called by
// sentinel.bench.ts on its database (npm run bench -- sentinel).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { toSql } from 'pgvector';

import type { OfflineEmbeddings } from '@tandem/llm';

import { DedicatedIndexRepository, VECTOR_TABLES } from '../apps/sentinel/src/search/dedicated-index.repository';
import { MemorySearchRepository, type Hit, type MemorySearch } from '../apps/sentinel/src/search/memory-search.repository';
import type { SentinelConfig } from '../apps/sentinel/src/sentinel.config';
import { printTable, summarize } from './stats';

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const PEOPLE = ['Sarah', 'Tom', 'Mia', 'Leo', 'Priya', 'Sam', 'Ana', 'Kofi', 'Yuki', 'Omar', 'my sister', 'my dad', 'my manager', 'the kids'];
const DOINGS = [
  'went hiking',
  'cooked dinner',
  'played chess',
  'went running',
  'painted the shed',
  'read about history',
  'worked in the garden',
  'went swimming',
  'practised piano',
  'played board games',
];
const PLACES = ['in Lisbon', 'in Berlin', 'at the lake', 'at home', 'at the office', 'near the harbour', 'in the park', 'at the climbing gym', 'at school', 'downtown'];
const FEELINGS = ['it was lovely', 'I was exhausted after', 'it helped a lot', 'I felt stressed', 'it was a disaster', 'we laughed a lot', 'I am proud of it', 'nothing special'];
const WHEN = ['yesterday', 'on Sunday', 'last week', 'this morning', 'on the 14th of February', 'in June', 'tonight', 'every Tuesday'];
const MESSAGE = () => `${pick(['I', 'We', 'Me and ' + pick(PEOPLE)])} ${pick(DOINGS)} with ${pick(PEOPLE)} ${pick(PLACES)} ${pick(WHEN)}, ${pick(FEELINGS)}.`;
const NOTE = () => `${pick(['Loves', 'Struggles with', 'Wants to try', 'Often does'])} ${pick(DOINGS).replace(/^went /, '')} ${pick(PLACES)} with ${pick(PEOPLE)}`;
const QUERY = () => pick([() => `what did I do with ${pick(PEOPLE)}?`, () => `when did we go ${pick(PLACES)}`, () => `${pick(DOINGS)} ${pick(WHEN)}`, () => `how did I feel after ${pick(DOINGS)}`])();

/** Timed per user size, the questions repeated: the p99 is the tenth slowest, not the second of 190. */
const TIMED_SEARCHES = 1_000;

/** Rows of one kind for `userIds`, `perUser` each, embedded offline, in batches of arrays. */
export async function insertRows(pg: Client, embeddings: OfflineEmbeddings, table: 'user_notes' | 'episodes', userIds: string[], perUser: number): Promise<void> {
  const model = embeddings.embeddingModelInfo.model;
  const rows = userIds.flatMap((userId) => Array.from({ length: perUser }, () => ({ userId, text: table === 'episodes' ? MESSAGE() : NOTE() })));
  for (let start = 0; start < rows.length; start += 2_000) {
    const batch = rows.slice(start, start + 2_000);
    const vectors = (await embeddings.embedDocuments(batch.map((row) => row.text))).map((vector) => toSql(vector));
    const users = batch.map((row) => row.userId);
    const texts = batch.map((row) => row.text);
    if (table === 'episodes') {
      await pg.query(
        `insert into "sentinel"."episodes" ("id", "user_id", "content", "said_at", "embedding", "embedding_model", "embedding_dimensions")
         select gen_random_uuid(), u, t, now() - random() * interval '300 days', v::vector, $1, 100 from unnest($2::uuid[], $3::text[], $4::text[]) as r(u, t, v)`,
        [model, users, texts, vectors],
      );
    } else {
      await pg.query(
        `insert into "sentinel"."user_notes" ("id", "user_id", "note", "category", "confidence", "embedding", "embedding_model", "embedding_dimensions")
         select gen_random_uuid(), u, t, 'preference', 0.8, v::vector, $1, 100 from unnest($2::uuid[], $3::text[], $4::text[]) as r(u, t, v)`,
        [model, users, texts, vectors],
      );
    }
  }
}

/** Share of the exact top k found: a hit counts when it is no farther than the exact k-th (equal vectors are not misses). */
function recallOf(hits: Hit[], exact: Hit[]): number {
  if (!exact.length) return 1;
  const kth = exact[exact.length - 1]!.distance + 1e-6;
  return Math.min(1, hits.filter((hit) => hit.distance <= kth).length / exact.length);
}

/**
 * Each search's milliseconds, embedding the question included, the first ten (which warm caches)
 * left out: in a Node process running the service's compiled code (bench/timed-memory-search.cjs),
 * as the service runs. This process's heap is not the service's: it holds the TypeScript compiler
 * that the bench's loader (swc-node) needs, 24 MB that added ~7 ms to every major collection, and
 * the set-up's data.
 */
function timeSearches(url: string, searches: MemorySearch[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'timed-memory-search.cjs'), { execArgv: [] });
    child.once('message', (latencies) => resolve(latencies as number[]));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the timed searches' process exited with ${code}`))));
    child.send({ url, searches: searches.map(({ vector: _vector, ...search }) => search) });
  });
}

export async function memorySearchBench(orm: MikroORM, pg: Client, url: string, embeddings: OfflineEmbeddings, config: SentinelConfig, background: string[], searches: number): Promise<void> {
  let started = performance.now();
  await insertRows(pg, embeddings, 'episodes', background, 10);
  console.log(`\nset-up: ${background.length * 10} episodes of ${background.length} users inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const indexes = new DedicatedIndexRepository(orm.em);
  const repository = new MemorySearchRepository(orm.em, config);
  const model = embeddings.embeddingModelInfo.model;
  const rows = [];
  const efRows: Array<Record<string, string | number>> = [];
  // A user's rows: a fifth notes, the rest their own messages.
  for (const size of [10, 1_000, 2_500, 25_000]) {
    const userId = randomUUID();
    await insertRows(pg, embeddings, 'user_notes', [userId], size / 5);
    await insertRows(pg, embeddings, 'episodes', [userId], size - size / 5);
    await pg.query('vacuum analyze "sentinel"."episodes"');
    await pg.query('vacuum analyze "sentinel"."user_notes"');
    started = performance.now();
    let built = 0;
    // What the sweeper does: a dedicated index for each table where the user passed the threshold.
    for (const table of VECTOR_TABLES)
      for (const wanted of await indexes.wanted(table, config.SENTINEL_DEDICATED_INDEX_MIN_ROWS)) if (wanted.userId === userId && (await indexes.build(userId, table, wanted.rows))) built++;
    const buildSeconds = (performance.now() - started) / 1000;

    const queries: MemorySearch[] = await Promise.all(
      Array.from({ length: size > 1_000 ? Math.min(searches, 200) : searches }, async () => {
        const q = QUERY();
        return { userId, q, vector: await embeddings.embedQuery(q), embeddingModel: model, limit: 10 };
      }),
    );
    const latencies = await timeSearches(
      url,
      Array.from({ length: TIMED_SEARCHES + 10 }, (_, i) => queries[i % queries.length]!),
    );
    // Where the time goes: the two candidate lists timed apart.
    const words: number[] = [];
    const vectors: number[] = [];
    for (const query of queries.slice(0, 50)) {
      await orm.em.fork().transactional(async (tx) => {
        let start = performance.now();
        await repository.rankByWords(tx, query, 40);
        words.push(performance.now() - start);
        start = performance.now();
        await repository.nearestByMeaning(tx, query, 40);
        vectors.push(performance.now() - start);
      });
    }
    let recall = 0;
    for (const query of queries) {
      const em = orm.em.fork();
      const service = await em.transactional((tx) => repository.nearestByMeaning(tx, query, 10));
      const exact = await em.transactional((tx) => repository.nearestByMeaning(tx, query, 10, 'exact'));
      recall += recallOf(service, exact);
    }
    // A dedicated index's walk at other candidate-list sizes (hnsw.ef_search), on the same queries.
    if (built)
      for (const efSearch of [60, 100, 200, 400]) {
        const tuned = new MemorySearchRepository(orm.em, { ...config, SENTINEL_DEDICATED_EF_SEARCH: efSearch });
        const times: number[] = [];
        let found = 0;
        for (const query of queries) {
          const em = orm.em.fork();
          const start = performance.now();
          const service = await em.transactional((tx) => tuned.nearestByMeaning(tx, query, 10));
          times.push(performance.now() - start);
          found += recallOf(service, await em.transactional((tx) => tuned.nearestByMeaning(tx, query, 10, 'exact')));
        }
        efRows.push({ "user's rows": size, ef_search: efSearch, 'vectors p50_ms': summarize(times).p50, 'vectors p99_ms': summarize(times).p99, 'vector recall@10': found / queries.length });
      }
    const { p50, p99, max } = summarize(latencies);
    rows.push({
      "user's rows": `${size} (${size / 5} notes)`,
      strategy: built ? `dedicated HNSW (${built} built in ${buildSeconds.toFixed(1)} s)` : 'exact',
      searches: latencies.length,
      p50_ms: p50,
      p99_ms: p99,
      max_ms: max,
      'words p50/p99': `${summarize(words).p50.toFixed(1)} / ${summarize(words).p99.toFixed(1)}`,
      'vectors p50/p99': `${summarize(vectors).p50.toFixed(1)} / ${summarize(vectors).p99.toFixed(1)}`,
      'vector recall@10': recall / queries.length,
    });
  }
  printTable(
    `Memory search (sentinel.search-memory: embed + words + vectors + fusion, limit 10), one user among ${background.length} users' ${background.length * 20} notes and episodes; dedicated index from ${config.SENTINEL_DEDICATED_INDEX_MIN_ROWS} rows, ef_search ${config.SENTINEL_DEDICATED_EF_SEARCH}`,
    rows,
  );
  if (efRows.length) printTable('Vector top 10 through the dedicated indexes by hnsw.ef_search (a transaction each, as the service does)', efRows);
}
