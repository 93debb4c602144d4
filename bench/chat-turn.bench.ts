// Coach turn latency through the gateway with the offline coach (every service its own process,
// as `npm start` runs them), beside the floor: the same writes and publishes done directly in
// one process (user message + outbox, publish; coach message + outbox, publish), same run.
// Run: npm run bench -- chat-turn
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

process.env.BUS_NAMESPACE ??= `bench${randomUUID().slice(0, 8)}`;

import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

import { ChatMessageCreated } from '@tandem/contracts';
import { BusNames, connectNats, OutboxRelay, provisionStreams, recordMessage } from '@tandem/messaging';

import { newAccount } from '../apps/gateway/test/support';
import { chatTurn, startSystem, type System } from '../tests/system/test/system';
import { pool, printTable, summarize } from './stats';

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const TURNS_PER_USER = Number(process.env.BENCH_TURNS ?? 4);
const quiet = { warn: () => undefined, error: (message: string) => console.error(message) };

/** Users that chat at once, each turn after the previous reply ended; latency = POST to the stored reply. */
async function throughGateway(system: System, users: number): Promise<{ latency: number[]; firstToken: number[]; turnsPerSecond: number }> {
  const tokens = await Promise.all(Array.from({ length: users }, async () => (await system.api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body.token));
  const latency: number[] = [];
  const firstToken: number[] = [];
  const started = performance.now();
  await pool(users, users, async (index) => {
    for (let turn = 0; turn < TURNS_PER_USER; turn++) {
      const start = performance.now();
      let first = 0;
      const result = await chatTurn(system.gatewayUrl, tokens[index]!, `I lead a team of ${index} engineers and want to grow, turn ${turn}.`, () => (first ||= performance.now()));
      if (result.events.at(-1)?.type !== 'chat.message.created') throw new Error(`turn failed: ${JSON.stringify(result.events.at(-1))}`);
      latency.push(performance.now() - start);
      if (first) firstToken.push(first - start);
    }
  });
  return { latency, firstToken, turnsPerSecond: (users * TURNS_PER_USER) / ((performance.now() - started) / 1000) };
}

/** The turn's own writes and publishes, nothing else: no HTTP, no request/reply, no consumers, no model. */
async function floor(orm: MikroORM, relay: OutboxRelay, users: number): Promise<{ latency: number[]; turnsPerSecond: number }> {
  const latency: number[] = [];
  const write = async (userId: string, conversationId: string, role: 'USER' | 'COACH', inReplyTo: string | null) => {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    const outboxId = await orm.em.fork().transactional(async (em) => {
      await em.execute('insert into chat.chat_messages (id, user_id, conversation_id, role, content, in_reply_to) values (?, ?, ?, ?, ?, ?)', [id, userId, conversationId, role, 'A message of about the usual length for a turn.', inReplyTo]);
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
    for (let turn = 0; turn < TURNS_PER_USER; turn++) {
      const start = performance.now();
      const userMessageId = await write(userId, conversationId, 'USER', null);
      await write(userId, conversationId, 'COACH', userMessageId);
      latency.push(performance.now() - start);
    }
  });
  return { latency, turnsPerSecond: (users * TURNS_PER_USER) / ((performance.now() - started) / 1000) };
}

async function main(): Promise<void> {
  const system = await startSystem({ LOG_LEVEL: 'warn', SERVICE_TIMEOUT_MS: '10000', RATE_LIMIT_AUTH_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' });
  const nc = await connectNats('bench');
  const orm = await MikroORM.init({ ...system.db.ormConfig('chat'), debug: false, pool: { min: 0, max: 40 } });
  // The floor publishes under its own namespace: the running chat service must not answer its messages.
  const floorNames = new BusNames(`${process.env.BUS_NAMESPACE}floor`);
  const jsm = await jetstreamManager(nc);
  await provisionStreams(jsm, floorNames);
  const relay = new OutboxRelay(orm, jetstream(nc), floorNames, quiet);
  try {
    const rows: Array<Record<string, string | number>> = [];
    for (const users of CONCURRENCY) {
      const direct = await floor(orm, relay, users);
      const gateway = await throughGateway(system, users);
      const [d, g, t] = [summarize(direct.latency), summarize(gateway.latency), summarize(gateway.firstToken)];
      rows.push({ users, path: 'floor: 2 commits + 2 publishes', p50_ms: d.p50, p99_ms: d.p99, turns_per_s: direct.turnsPerSecond, first_token_p50_ms: '-' });
      rows.push({ users, path: 'gateway -> chat turn (offline coach)', p50_ms: g.p50, p99_ms: g.p99, turns_per_s: gateway.turnsPerSecond, first_token_p50_ms: t.p50 });
      rows.push({ users, path: 'ratio gateway / floor', p50_ms: g.p50 / d.p50, p99_ms: g.p99 / d.p99, turns_per_s: gateway.turnsPerSecond / direct.turnsPerSecond, first_token_p50_ms: '-' });
    }
    printTable(`Coach turns: ${TURNS_PER_USER} turns per user, each after the previous reply; latency from POST to the stored reply (ms)`, rows);
  } finally {
    await relay.stop();
    for (const stream of ['EVENTS', 'COMMANDS', 'DEADLETTER'] as const) await jsm.streams.delete(floorNames.stream(stream)).catch(() => undefined);
    await orm.close();
    await nc.close();
    await system.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
