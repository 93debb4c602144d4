import type { MikroORM } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';

import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import { CommandRejected, defineCommand } from '@tandem/contracts';
import { expectConsumer, expectEventually } from '@tandem/testing';

import { connectNats, createEnvelope, DomainError, envelopeHeaders, DurableConsumer, InboxMessage, OutboxMessage, recordMessage, type DurableConsumerSettings, type MessageHandler } from '../src';
import { Effect, MessagingBed, silentLogger, WorkRequested } from './support';

const DoWork = defineCommand({
  type: 'test.do-work',
  version: 1,
  owner: 'test',
  description: 'Test command',
  payload: z.object({ userId: z.uuid(), key: z.string() }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', key: 'a' },
});

const settings: DurableConsumerSettings = { ackWaitMs: 5_000, maxDeliveries: 3, retryBaseMs: 20, confirmAcks: true, concurrency: 8 };

describe(DurableConsumer.name, () => {
  const bed = new MessagingBed();
  let orm: MikroORM;

  beforeAll(async () => {
    await bed.setUp();
    orm = await bed.orm();
  });
  afterAll(() => bed.tearDown());

  /** A replica: its own ORM, NATS connection and relay, sharing the durable consumer. */
  async function startReplica(service: string, handler: MessageHandler<typeof WorkRequested>, overrides: Partial<DurableConsumerSettings> = {}) {
    const replicaOrm = await bed.orm();
    const nc = await connectNats(`replica-${service}`);
    const js = jetstream(nc);
    const consumer = new DurableConsumer({ orm: replicaOrm, js, jsm: bed.jsm, names: bed.names, relay: bed.relay(replicaOrm, js), service, logger: silentLogger }, WorkRequested, handler, {
      ...settings,
      ...overrides,
    });
    await consumer.start();
    bed.onTearDown(async () => {
      await consumer.stop();
      await nc.close();
    });
    return consumer;
  }

  const recordEffect =
    (replica: string): MessageHandler<typeof WorkRequested> =>
    async (_payload, { em, envelope }) => {
      em.persist(em.create(Effect, { messageId: envelope.id, replica }));
    };

  /** Effects of the given messages by the given replicas (every test's service also sees the others' events). */
  async function effectsOf(messageIds: string[], replicas: string[]) {
    return orm.em.fork().find(Effect, { messageId: { $in: messageIds }, replica: { $in: replicas } });
  }

  it('should apply a message delivered twice, and an event published twice, only once', async () => {
    await startReplica('dedup', recordEffect('dedup'));
    const envelope = createEnvelope(WorkRequested, { key: 'dup', n: 1 });
    const subject = bed.names.subject(WorkRequested.subject);
    const body = JSON.stringify(envelope);
    // Same Nats-Msg-Id twice: JetStream keeps one. Different ids, same envelope: the inbox stops the second.
    await bed.js.publish(subject, body, { msgID: envelope.id });
    await bed.js.publish(subject, body, { msgID: envelope.id });
    await bed.js.publish(subject, body, { msgID: `${envelope.id}-redelivered` });

    await expectEventually(async () => expect(await orm.em.fork().count(InboxMessage, { messageId: envelope.id })).toBe(1));
    await expectConsumer('dedup', WorkRequested.subject, 'settled', { names: bed.names }); // every delivery settled: no second effect can follow
    expect(await effectsOf([envelope.id], ['dedup'])).toHaveLength(1);
  });

  it("should answer a command its owner's rules refuse with command.rejected, undo the handler's writes, and not retry", async () => {
    let calls = 0;
    const nc = await connectNats('refusing');
    const js = jetstream(nc);
    const consumer = new DurableConsumer(
      { orm, js, jsm: bed.jsm, names: bed.names, relay: bed.relay(orm, js), service: 'refusing', logger: silentLogger },
      DoWork,
      async (_payload, { em, envelope }) => {
        calls++;
        await em.persist(em.create(Effect, { messageId: envelope.id, replica: 'refusing' })).flush();
        throw new DomainError('NOT_ALLOWED', 'That work is not allowed', 409);
      },
      settings,
    );
    await consumer.start();
    bed.onTearDown(async () => {
      await consumer.stop();
      await nc.close();
    });
    const userId = randomUUID();
    const command = createEnvelope(DoWork, { userId, key: 'refused' }, { userId });
    await bed.js.publish(bed.names.subject(DoWork.subject), JSON.stringify(command), { msgID: command.id });

    const rejection = await expectEventually(async () => {
      const rows = await orm.em.fork().find(OutboxMessage, { subject: CommandRejected.subject });
      const mine = rows.filter((row) => row.envelope.causationId === command.id);
      expect(mine).toHaveLength(1);
      return mine[0]!.envelope;
    });
    expect(rejection).toMatchObject({ userId, correlationId: command.correlationId, payload: { userId, command: 'test.do-work', reason: 'That work is not allowed' } });
    await expectConsumer('refusing', DoWork.subject, 'settled', { names: bed.names }); // settled: no retry is pending
    expect(calls).toBe(1);
    expect(await effectsOf([command.id], ['refusing'])).toEqual([]);
  });

  it('should split 1,000 events between two replicas with none lost and none applied twice', async () => {
    const handled = { a: 0, b: 0 };
    const counting =
      (replica: 'a' | 'b'): MessageHandler<typeof WorkRequested> =>
      async (payload, context) => {
        await recordEffect(replica)(payload, context);
        handled[replica]++;
      };
    await startReplica('split', counting('a'));
    await startReplica('split', counting('b'));

    const ids = await orm.em.fork().transactional(async (em) => Array.from({ length: 1_000 }, (_, n) => recordMessage(em, WorkRequested, { key: 'bulk', n }).id));
    const relay = bed.relay(orm);
    while ((await relay.publishPending()) > 0);

    await expectEventually(async () => expect(await effectsOf(ids, ['a', 'b'])).toHaveLength(1_000), { timeoutMs: 30_000, intervalMs: 200 });
    const effects = await effectsOf(ids, ['a', 'b']);
    expect(new Set(effects.map((effect) => effect.messageId)).size).toBe(1_000);
    expect(handled.a).toBeGreaterThan(0);
    expect(handled.b).toBeGreaterThan(0);
  });

  it('should dead-letter a message whose handler keeps failing after maxDeliveries, and keep consuming', async () => {
    const attempts = new Map<string, number>();
    await startReplica('flaky', async (payload, context) => {
      attempts.set(context.envelope.id, context.deliveryCount);
      if (payload.key === 'poison') throw new Error('cannot handle poison');
      await recordEffect('flaky')(payload, context);
    });
    const poison = createEnvelope(WorkRequested, { key: 'poison', n: 1 });
    const healthy = createEnvelope(WorkRequested, { key: 'healthy', n: 2 });
    const subject = bed.names.subject(WorkRequested.subject);
    await bed.js.publish(subject, JSON.stringify(poison), { msgID: poison.id });
    await bed.js.publish(subject, JSON.stringify(healthy), { msgID: healthy.id });

    const deadLetters = bed.names.deadLetter('flaky', WorkRequested.subject);
    // Three deliveries with backoff between them: allow for a busy machine.
    await expectEventually(async () => expect(await bed.storedOn(deadLetters)).toHaveLength(1), { timeoutMs: 60_000 });
    const [dead] = await bed.storedOn(deadLetters);
    expect(dead!.data).toMatchObject({ id: poison.id });
    expect(dead!.headers).toMatchObject({ 'tandem-error': 'Error: cannot handle poison', 'tandem-deliveries': '3' });
    expect(attempts.get(poison.id)).toBe(3);
    await expectEventually(async () => expect(await effectsOf([healthy.id], ['flaky'])).toHaveLength(1));
    expect(await effectsOf([poison.id], ['flaky'])).toHaveLength(0);
  }, 90_000);

  it('should dead-letter a malformed message at once and keep consuming', async () => {
    let calls = 0;
    await startReplica('strict', async (payload, context) => {
      calls++;
      await recordEffect('strict')(payload, context);
    });
    const subject = bed.names.subject(WorkRequested.subject);
    const wrongPayload = { ...createEnvelope(WorkRequested, { key: 'x', n: 1 }), payload: { key: 42 } };
    await bed.js.publish(subject, 'not json at all', { msgID: 'malformed-1' });
    await bed.js.publish(subject, JSON.stringify(wrongPayload), { msgID: wrongPayload.id });
    const valid = createEnvelope(WorkRequested, { key: 'after', n: 3 });
    await bed.js.publish(subject, JSON.stringify(valid), { msgID: valid.id });

    const deadLetters = bed.names.deadLetter('strict', WorkRequested.subject);
    await expectEventually(async () => expect(await bed.storedOn(deadLetters)).toHaveLength(2), { timeoutMs: 60_000 });
    const dead = await bed.storedOn(deadLetters);
    expect(dead.map((message) => message.headers['tandem-deliveries'])).toEqual(['1', '1']);
    expect(dead[0]!.headers['tandem-error']).toMatch(/not JSON/);
    expect(dead[1]!.headers['tandem-error']).toMatch(/payload breaks/);
    await expectEventually(async () => expect(await effectsOf([valid.id], ['strict'])).toHaveLength(1));
    expect(calls).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('should apply events that arrive together in shared transactions, each once, and keep each user in order', async () => {
    const transactions = new Set<unknown>();
    const seen = new Map<string, number[]>();
    const users = Array.from({ length: 6 }, () => randomUUID());
    await startReplica(
      'batched',
      async (payload, context) => {
        if (!(users as string[]).includes(payload.key)) return; // the other tests' events
        transactions.add(context.em.getTransactionContext());
        seen.set(payload.key, [...(seen.get(payload.key) ?? []), payload.n]);
        await recordEffect('batched')(payload, context);
      },
      { batchSize: 8 },
    );
    const envelopes = Array.from({ length: 60 }, (_, n) => createEnvelope(WorkRequested, { key: users[n % 6]!, n }, { userId: users[n % 6]! }));
    const subject = bed.names.subject(WorkRequested.subject);
    await Promise.all(envelopes.map((envelope) => bed.js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id, headers: envelopeHeaders(envelope) })));

    await expectEventually(
      async () =>
        expect(
          await effectsOf(
            envelopes.map((envelope) => envelope.id),
            ['batched'],
          ),
        ).toHaveLength(60),
      { timeoutMs: 20_000 },
    );
    expect(
      new Set(
        (
          await effectsOf(
            envelopes.map((envelope) => envelope.id),
            ['batched'],
          )
        ).map((effect) => effect.messageId),
      ).size,
    ).toBe(60);
    expect(transactions.size).toBeLessThan(60);
    for (const [index, user] of users.entries()) expect(seen.get(user)).toEqual(Array.from({ length: 10 }, (_, k) => index + 6 * k));
  });

  it('should apply once copies of one event that share a transaction', async () => {
    await startReplica(
      'copies',
      async (payload, context) => {
        if (payload.key === 'copies') await recordEffect('copies')(payload, context);
      },
      { batchSize: 8 },
    );
    const envelope = createEnvelope(WorkRequested, { key: 'copies', n: 1 });
    const others = Array.from({ length: 20 }, (_, n) => createEnvelope(WorkRequested, { key: 'copies', n: n + 2 }));
    const subject = bed.names.subject(WorkRequested.subject);
    // Different Nats-Msg-Ids, so JetStream keeps every copy; without a user id they may share a batch.
    await Promise.all([
      ...others.map((other) => bed.js.publish(subject, JSON.stringify(other), { msgID: other.id })),
      ...Array.from({ length: 5 }, (_, copy) => bed.js.publish(subject, JSON.stringify(envelope), { msgID: `${envelope.id}-${copy}` })),
    ]);

    await expectEventually(async () => expect(await effectsOf([envelope.id, ...others.map((other) => other.id)], ['copies'])).toHaveLength(21), { timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrongful second effect
    expect(await effectsOf([envelope.id], ['copies'])).toHaveLength(1);
  });

  it("should apply the others of a shared transaction once when one event's handler fails, and retry only that one", async () => {
    const attempts = new Map<number, number>();
    await startReplica('one-fails', async (payload, context) => {
      if (payload.key !== 'one-fails') return;
      attempts.set(payload.n, (attempts.get(payload.n) ?? 0) + 1);
      if (payload.n === 7 && context.deliveryCount === 1) throw new Error('first delivery fails');
      await recordEffect('one-fails')(payload, context);
    });
    const envelopes = Array.from({ length: 30 }, (_, n) => createEnvelope(WorkRequested, { key: 'one-fails', n }));
    const subject = bed.names.subject(WorkRequested.subject);
    await Promise.all(envelopes.map((envelope) => bed.js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id })));

    await expectEventually(
      async () =>
        expect(
          await effectsOf(
            envelopes.map((envelope) => envelope.id),
            ['one-fails'],
          ),
        ).toHaveLength(30),
      { timeoutMs: 20_000 },
    );
    const effects = await effectsOf(
      envelopes.map((envelope) => envelope.id),
      ['one-fails'],
    );
    expect(new Set(effects.map((effect) => effect.messageId)).size).toBe(30);
    expect(attempts.get(7)).toBeGreaterThanOrEqual(2);
  });
});
