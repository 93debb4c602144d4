// Coach turns through the gateway, every service its own process as `npm start` runs them.
// Two modes:
// - offline (default): the offline coach, beside the floor: the same writes and publishes done
//   directly in one process (user message + outbox, publish; coach message + outbox, publish).
// - timed (BENCH_MODEL=timed): a local OpenAI-compatible server with a real model's pace (first
//   piece after BENCH_FIRST_TOKEN_MS, then BENCH_TOKENS pieces BENCH_TOKEN_MS apart), beside the
//   ideal for that pace (users / model time); chat's peak connections, model calls per turn and
//   CPU ms per turn for each process.
// Run: npm run bench -- chat-turn      BENCH_MODEL=timed BENCH_USERS=1,16,64,256 npm run bench -- chat-turn
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

process.env.BUS_NAMESPACE ??= `bench${randomUUID().slice(0, 8)}`;

import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

import { ChatMessageCreated } from '@tandem/contracts';
import { BusNames, connectNats, OutboxRelay, provisionStreams, recordMessage } from '@tandem/messaging';

import { roleOf } from '@tandem/persistence';
import { startFakeOpenAI, type FakeChatReply } from '@tandem/testing';
import pg from 'pg';

import { newAccount } from '../apps/gateway/test/support';
import { chatTurn, startSystem, type System } from '../tests/system/test/system';
import { cpuMeter, pidsOf } from './process-stats';
import { pool, printTable, summarize } from './stats';

const MODE = process.env.BENCH_MODEL === 'timed' ? 'timed' : 'offline';
const USERS = (process.env.BENCH_USERS ?? process.env.BENCH_CONCURRENCY ?? (MODE === 'timed' ? '1,16,64,256' : '1,8,32')).split(',').map(Number);
/** Turns each user takes one after another; the timed mode keeps big runs to one turn each. */
const turnsFor = (users: number) => Number(process.env.BENCH_TURNS ?? (MODE === 'offline' ? 4 : users <= 1 ? 4 : users <= 16 ? 2 : 1));
const PACE = { firstTokenMs: Number(process.env.BENCH_FIRST_TOKEN_MS ?? 400), tokenIntervalMs: Number(process.env.BENCH_TOKEN_MS ?? 25) };
const REPLY_TOKENS = Number(process.env.BENCH_TOKENS ?? 40);
const quiet = { warn: () => undefined, error: (message: string) => console.error(message) };
/** BENCH_ENV="CHAT_MEMORY_NOTES=0,LOG_LEVEL=info": settings for every service, to try a change without editing code. */
const EXTRA_ENV = Object.fromEntries(
  (process.env.BENCH_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

interface GatewayRun {
  latency: number[];
  firstToken: number[];
  /** POST to the `accepted` event: the message stored. */
  accepted: number[];
  turns: number;
  seconds: number;
  failed: number;
}

/** New accounts' tokens, registered a few at a time: password hashing is not what is measured. */
async function register(system: System, users: number): Promise<string[]> {
  const tokens: string[] = [];
  await pool(users, 8, async (index) => void (tokens[index] = (await system.api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body.token));
  return tokens;
}

/** One streamed turn: when each kind of event first arrived (ms after the POST), and the last one. */
async function timedTurn(baseUrl: string, token: string, content: string): Promise<{ firstAt: Map<string, number>; last: string | undefined; status: number }> {
  const start = performance.now();
  const firstAt = new Map<string, number>();
  const turn = await chatTurn(baseUrl, token, content, (type) => firstAt.has(type) || firstAt.set(type, performance.now() - start));
  return { firstAt, last: turn.events.at(-1)?.type, status: turn.status };
}

/** Users that chat at once, each turn after the previous reply ended; latency = POST to the stored reply. */
async function throughGateway(system: System, tokens: string[], turnsPerUser: number): Promise<GatewayRun> {
  const users = tokens.length;
  const run: GatewayRun = { latency: [], firstToken: [], accepted: [], turns: users * turnsPerUser, seconds: 0, failed: 0 };
  const started = performance.now();
  await pool(users, users, async (index) => {
    for (let turn = 0; turn < turnsPerUser; turn++) {
      const { firstAt, last, status } = await timedTurn(system.gatewayUrl, tokens[index]!, `I lead a team of ${index} engineers and want to grow, turn ${turn}.`);
      if (last !== 'chat.message.created') {
        run.failed++;
        console.error(`turn failed (${status}): last event ${last}`);
        continue;
      }
      run.latency.push(firstAt.get('chat.message.created')!);
      run.accepted.push(firstAt.get('accepted')!);
      if (firstAt.has('chat.token')) run.firstToken.push(firstAt.get('chat.token')!);
    }
  });
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** The turn's own writes and publishes, nothing else: no HTTP, no request/reply, no consumers, no model. */
async function floor(orm: MikroORM, relay: OutboxRelay, users: number, turnsPerUser: number): Promise<{ latency: number[]; turnsPerSecond: number }> {
  const latency: number[] = [];
  const write = async (userId: string, conversationId: string, role: 'USER' | 'COACH', inReplyTo: string | null) => {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    const outboxId = await orm.em.fork().transactional(async (em) => {
      await em.execute('insert into chat.chat_messages (id, user_id, conversation_id, role, content, in_reply_to) values (?, ?, ?, ?, ?, ?)', [
        id,
        userId,
        conversationId,
        role,
        'A message of about the usual length for a turn.',
        inReplyTo,
      ]);
      const message = { id, conversationId, userId, role, content: 'A message of about the usual length for a turn.', inReplyTo, createdAt };
      return recordMessage(em, ChatMessageCreated, { message, actions: [] }, { userId }).id;
    });
    await relay.publishAfterCommit([outboxId]);
    return id;
  };
  const started = performance.now();
  await pool(users, users, async () => {
    const userId = randomUUID();
    const conversationId = randomUUID();
    await orm.em.fork().execute("insert into chat.conversations (id, user_id, phase) values (?, ?, 'GET_TO_KNOW_YOU')", [conversationId, userId]);
    for (let turn = 0; turn < turnsPerUser; turn++) {
      const start = performance.now();
      const userMessageId = await write(userId, conversationId, 'USER', null);
      await write(userId, conversationId, 'COACH', userMessageId);
      latency.push(performance.now() - start);
    }
  });
  return { latency, turnsPerSecond: (users * turnsPerUser) / ((performance.now() - started) / 1000) };
}

/** How a model of the given pace answers each kind of request Tandem makes. */
function modelAnswer(body: Record<string, unknown>): FakeChatReply {
  // Sentinel's extraction: ChatOpenAI asks for a JSON schema and reads the answer from the content.
  const schema = (body['response_format'] as { json_schema?: { name?: string } } | undefined)?.json_schema?.name;
  if (schema === 'record_memory') return { text: JSON.stringify({ notes: [], emotion: null }) };
  const words = Array.from({ length: REPLY_TOKENS }, (_, i) => (i === REPLY_TOKENS - 1 ? 'grow?' : ['What', 'would', 'it', 'mean', 'for', 'you', 'to'][i % 7]));
  return { text: words.join(' ') };
}

/** Samples how many connections chat's role holds in the bench database, every 20 ms. */
function connectionSampler(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    async start() {
      await client.connect();
      const sample = async () => {
        const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where usename = $1 and datname = $2', [roleOf('chat'), database]);
        peak = Math.max(peak, rows[0]!.n);
        timer = setTimeout(() => void sample().catch(() => undefined), 20);
      };
      await sample();
    },
    reset: () => (peak = 0),
    peak: () => peak,
    async stop() {
      clearTimeout(timer);
      await client.end();
    },
  };
}

async function timed(): Promise<void> {
  const model = await startFakeOpenAI({ timing: PACE, answer: modelAnswer });
  const modelSeconds = (PACE.firstTokenMs + REPLY_TOKENS * PACE.tokenIntervalMs) / 1000;
  const system = await startSystem({
    LOG_LEVEL: 'warn',
    SERVICE_TIMEOUT_MS: '10000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_PER_MINUTE: '100000',
    LLM_PROVIDER: 'openai',
    LLM_BASE_URL: model.baseURL,
    LLM_API_KEY: 'bench',
    LLM_MODEL: 'bench-model',
    ...EXTRA_ENV,
  });
  const connections = connectionSampler(system.db.adminUrl, system.db.name);
  await connections.start();
  const processes = Object.fromEntries(Object.entries(system.apps).map(([app, process]) => [app, () => [process.child.pid!]]));
  try {
    const rows: Array<Record<string, string | number>> = [];
    const cpuRows: Array<Record<string, string | number>> = [];
    for (const users of USERS) {
      const callsBefore = model.requests.filter((request) => request.path === '/v1/chat/completions').length;
      connections.reset();
      const tokens = await register(system, users);
      const cpu = cpuMeter({ ...processes, postgres: () => pidsOf('^postgres'), nats: () => pidsOf('nats-server'), bench: () => [process.pid] });
      const run = await throughGateway(system, tokens, turnsFor(users));
      const used = cpu();
      const calls = model.requests.filter((request) => request.path === '/v1/chat/completions').length - callsBefore;
      const [latency, first, accepted] = [summarize(run.latency), summarize(run.firstToken), summarize(run.accepted)];
      rows.push({
        users,
        turns: run.turns,
        failed: run.failed,
        turns_per_s: run.turns / run.seconds,
        ideal_per_s: users / modelSeconds,
        p50_ms: latency.p50,
        p99_ms: latency.p99,
        accepted_p50_ms: accepted.p50,
        first_token_p50_ms: first.p50,
        chat_peak_connections: connections.peak(),
        model_calls_per_turn: calls / run.turns,
      });
      cpuRows.push({ users, ...Object.fromEntries(Object.entries(used).map(([name, ms]) => [name, ms / run.turns])) });
    }
    printTable(
      `Coach turns against a model of ${modelSeconds} s a reply (first piece ${PACE.firstTokenMs} ms, ${REPLY_TOKENS} pieces ${PACE.tokenIntervalMs} ms apart); latency from POST to the stored reply (ms)`,
      rows,
    );
    printTable('CPU ms per turn, by process (postgres: all its processes on the machine; nats: the server; bench: this process, with the clients of its users and the model server)', cpuRows);
  } finally {
    // BENCH_LOG_DIR: each service's own output, for a closer look at a run.
    if (process.env.BENCH_LOG_DIR) for (const [app, process_] of Object.entries(system.apps)) writeFileSync(join(process.env.BENCH_LOG_DIR, `${app}.log`), process_.output());
    await connections.stop();
    await system.stop();
    await model.close();
  }
}

async function offline(): Promise<void> {
  const system = await startSystem({ LOG_LEVEL: 'warn', SERVICE_TIMEOUT_MS: '10000', RATE_LIMIT_AUTH_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000', ...EXTRA_ENV });
  const nc = await connectNats('bench');
  const orm = await MikroORM.init({ ...system.db.ormConfig('chat'), debug: false, pool: { min: 0, max: 40 } });
  // The floor publishes under its own namespace: the running chat service must not answer its messages.
  const floorNames = new BusNames(`${process.env.BUS_NAMESPACE}floor`);
  const jsm = await jetstreamManager(nc);
  await provisionStreams(jsm, floorNames);
  const relay = new OutboxRelay(orm, jetstream(nc), floorNames, quiet);
  try {
    const rows: Array<Record<string, string | number>> = [];
    const processes = Object.fromEntries(Object.entries(system.apps).map(([app, process]) => [app, () => [process.child.pid!]]));
    const cpuRows: Array<Record<string, string | number>> = [];
    for (const users of USERS) {
      const direct = await floor(orm, relay, users, turnsFor(users));
      const tokens = await register(system, users);
      const cpu = cpuMeter({ ...processes, postgres: () => pidsOf('^postgres'), nats: () => pidsOf('nats-server'), bench: () => [process.pid] });
      const gateway = await throughGateway(system, tokens, turnsFor(users));
      const used = cpu();
      const gatewayPerSecond = gateway.turns / gateway.seconds;
      const [d, g, t] = [summarize(direct.latency), summarize(gateway.latency), summarize(gateway.firstToken)];
      rows.push({ users, path: 'floor: 2 commits + 2 publishes', p50_ms: d.p50, p99_ms: d.p99, turns_per_s: direct.turnsPerSecond, first_token_p50_ms: '-', failed: 0 });
      rows.push({ users, path: 'gateway -> chat turn (offline coach)', p50_ms: g.p50, p99_ms: g.p99, turns_per_s: gatewayPerSecond, first_token_p50_ms: t.p50, failed: gateway.failed });
      rows.push({ users, path: 'ratio gateway / floor', p50_ms: g.p50 / d.p50, p99_ms: g.p99 / d.p99, turns_per_s: gatewayPerSecond / direct.turnsPerSecond, first_token_p50_ms: '-', failed: '-' });
      cpuRows.push({ users, ...Object.fromEntries(Object.entries(used).map(([name, ms]) => [name, ms / gateway.turns])) });
    }
    printTable('Coach turns with the offline coach, each after the previous reply; latency from POST to the stored reply (ms)', rows);
    printTable('CPU ms per turn, by process (postgres: all its processes on the machine; nats: the server; bench: this process, with the clients of its users and the model server)', cpuRows);
  } finally {
    await relay.stop();
    for (const stream of ['EVENTS', 'COMMANDS', 'DEADLETTER'] as const) await jsm.streams.delete(floorNames.stream(stream)).catch(() => undefined);
    await orm.close();
    await nc.close();
    await system.stop();
  }
}

(MODE === 'timed' ? timed() : offline()).catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
