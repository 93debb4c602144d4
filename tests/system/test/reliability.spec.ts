import { performance } from 'node:perf_hooks';

import { jetstream, jetstreamManager } from '@nats-io/jetstream';

import { CONTRACTS, type DurableContract } from '@tandem/contracts';
import { BusNames, connectNats, readNatsEnv } from '@tandem/messaging';
import { expectEventually, newAccount, startNatsServer, type NatsServerProcess } from '@tandem/testing';

import { answeredOnceOn, postAll, sqlOn, startSystem, type System } from './system';

/**
 * The system as separate processes on a private NATS server (so it can be restarted): replicas
 * share the work, and a killed service or a restarted server loses nothing and applies nothing
 * twice. Timings are printed for the record, never asserted.
 */
describe('reliability across processes', () => {
  let nats: NatsServerProcess;
  let system: System;
  const tokens: string[] = [];

  // 200 registrations are 200 scrypt hashes (about 50 s of one core): on a busy 2-core machine
  // the set-up alone can take minutes. The time is printed, never asserted.
  beforeAll(async () => {
    const started = performance.now();
    nats = await startNatsServer();
    process.env.NATS_URL = nats.url;
    system = await startSystem(
      { NATS_URL: nats.url, LOG_LEVEL: 'info', SERVICE_TIMEOUT_MS: '5000', RATE_LIMIT_AUTH_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' },
      { replicas: { chat: 2, sentinel: 2 } },
    );
    const up = performance.now();
    for (let i = 0; i < 200; i += 25) {
      tokens.push(...(await Promise.all(Array.from({ length: 25 }, async () => (await system.api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body.token))));
    }
    console.log(`set-up: ${((up - started) / 1000).toFixed(1)} s to start 8 processes, ${((performance.now() - up) / 1000).toFixed(1)} s to register 200 users`);
  }, 360_000);

  afterAll(async () => {
    await system?.stop();
    await nats?.stop();
  });

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => sqlOn<T>(system, text, params);
  const everyonePosts = (content: string, users = tokens) => postAll(system, users, content);
  const answeredOnce = (messageIds: string[], timeoutMs?: number) => answeredOnceOn(system, messageIds, timeoutMs);

  const answeredBy = (replica: { output(): string }) => (replica.output().match(/answered [0-9a-f-]{36} in/g) ?? []).length;
  const readBy = (replica: { output(): string }) => (replica.output().match(/read [0-9a-f-]{36} in/g) ?? []).length;

  it('should answer 200 users chatting at once exactly once each and learn each fact once, with both replicas of chat and of sentinel doing work', async () => {
    const started = performance.now();
    const ids = await everyonePosts('Hello! I work as an engineering manager at Acme.');
    await answeredOnce(ids);
    const seconds = (performance.now() - started) / 1000;
    console.log(`replicas: ${ids.length} turns in ${seconds.toFixed(1)} s (${(ids.length / seconds).toFixed(1)} turns/s)`);
    const [first, second] = system.replicas.chat.map(answeredBy);
    expect(first! + second!).toBeGreaterThanOrEqual(ids.length);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);

    // Every message's fact became exactly one note, however the two sentinel replicas split the work.
    await expectEventually(
      async () => {
        const [notes] = await sql<{ messages: string; notes: string }>(
          'select count(distinct source_message_id) as messages, count(*) as notes from sentinel.user_notes where source_message_id = any($1::uuid[])',
          [ids],
        );
        expect(notes).toEqual({ messages: String(ids.length), notes: String(ids.length) });
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const [sentinelA, sentinelB] = system.replicas.sentinel.map(readBy);
    expect(sentinelA).toBeGreaterThan(0);
    expect(sentinelB).toBeGreaterThan(0);
  }, 240_000);

  it('should finish every turn when a chat replica is killed with SIGKILL mid-run and started again', async () => {
    const victim = system.replicas.chat[0]!;
    const answeredBefore = answeredBy(victim);
    const posting = everyonePosts('Most of my week is meetings and code reviews.');
    // Mid-run: the victim has started answering this round.
    await expectEventually(() => expect(answeredBy(victim)).toBeGreaterThan(answeredBefore + 5), { timeoutMs: 30_000, intervalMs: 20 });
    await victim.stop('SIGKILL');
    const killedAt = performance.now();
    const ids = await posting;
    await system.addReplica('chat');
    await answeredOnce(ids);
    console.log(`kill -9: all ${ids.length} turns answered ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
  }, 240_000);

  it('should finish every turn when the NATS server restarts, losing nothing', async () => {
    const before = await everyonePosts('I want to stay calm under pressure.', tokens.slice(0, 50));
    await nats.restart();
    const restartedAt = performance.now();
    const after = await expectEventually(async () => everyonePosts('In a year I lead with confidence.', tokens.slice(50, 100)), { timeoutMs: 30_000, intervalMs: 500 });
    await answeredOnce([...before, ...after]);
    console.log(`NATS restart: every turn answered ${((performance.now() - restartedAt) / 1000).toFixed(1)} s after the server came back`);
  }, 240_000);

  it('should dead-letter a malformed message on every durable subject at once, and keep working', async () => {
    const nc = await connectNats('malformed', readNatsEnv().NATS_URL);
    try {
      const names = new BusNames(readNatsEnv().BUS_NAMESPACE);
      const js = jetstream(nc);
      const durable = CONTRACTS.filter((contract): contract is DurableContract => contract.kind !== 'query');
      for (const contract of durable) await js.publish(names.subject(contract.subject), 'this is not an envelope', { msgID: `malformed-${contract.subject}` });

      // Each consuming service (and handler) parks it under dlq.<service>.none.<subject> (a message that is not JSON names no user).
      const jsm = await jetstreamManager(nc);
      await expectEventually(
        async () => {
          const dlq = await jsm.streams.info(names.stream('DEADLETTER'), { subjects_filter: names.subject('dlq.>') });
          const parked = Object.keys(dlq.state.subjects ?? {}).map((subject) => subject.split('.none.')[1]);
          for (const subject of ['evt.user.registered.v1', 'evt.chat.message.created.v1', 'cmd.identity.propose.v1', 'cmd.coach-state.transition.v1', 'evt.user.deleted.v1']) {
            expect(parked).toContain(subject);
          }
        },
        { timeoutMs: 20_000 },
      );
    } finally {
      await nc.close();
    }
    const ids = await everyonePosts('Still here?', tokens.slice(0, 10));
    await answeredOnce(ids);
  }, 120_000);
});
