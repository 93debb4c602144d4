import { randomUUID } from 'node:crypto';

import type { MikroORM } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';

import { UserDeleted } from '@tandem/contracts';
import { expectConsumer, expectEventually } from '@tandem/testing';

import {
  connectNats,
  createEnvelope,
  DurableConsumer,
  envelopeHeaders,
  InboxMessage,
  isErased,
  MessageBus,
  OutboxMessage,
  recordErasure,
  recordMessage,
  type DurableConsumerSettings,
  type MessageHandler,
} from '../src';
import { Effect, MessagingBed, silentLogger, WorkRequested } from './support';

const settings: DurableConsumerSettings = { ackWaitMs: 5_000, maxDeliveries: 3, retryBaseMs: 20, confirmAcks: true, concurrency: 8 };

/** A service's tombstones: once it erased a user, nothing about them is applied again, and their outbox rows are gone. */
describe('erasure tombstones', () => {
  const bed = new MessagingBed();
  let orm: MikroORM;

  beforeAll(async () => {
    await bed.setUp();
    orm = await bed.orm();
  });
  afterAll(() => bed.tearDown());

  async function consume<C extends typeof WorkRequested | typeof UserDeleted>(contract: C, handler: MessageHandler<C>) {
    const nc = await connectNats('erasure-test');
    const consumer = new DurableConsumer(
      { orm, js: jetstream(nc), jsm: bed.jsm, names: bed.names, relay: bed.relay(orm, jetstream(nc)), service: 'erasing', logger: silentLogger },
      contract,
      handler,
      settings,
    );
    await consumer.start();
    bed.onTearDown(async () => {
      await consumer.stop();
      await nc.close();
    });
  }

  const publish = async <C extends typeof WorkRequested | typeof UserDeleted>(contract: C, payload: Parameters<typeof createEnvelope<C>>[1], userId: string) => {
    const envelope = createEnvelope(contract, payload, { userId });
    await bed.js.publish(bed.names.subject(contract.subject), JSON.stringify(envelope), { msgID: envelope.id, headers: envelopeHeaders(envelope) });
    return envelope;
  };

  it("should record the erasure, remove the user's outbox rows, and drop every later message about them", async () => {
    const [erased, other] = [randomUUID(), randomUUID()];
    const record: MessageHandler<typeof WorkRequested> = async (_payload, { em, envelope }) => void em.persist(em.create(Effect, { messageId: envelope.id, replica: 'erasing' }));
    await consume(WorkRequested, record);
    let erasures = 0;
    await consume(UserDeleted, async () => void erasures++);
    // An event about the user waiting in the outbox, and one about someone else.
    await orm.em.fork().transactional(async (em) => {
      recordMessage(em, WorkRequested, { key: 'about-erased', n: 1 }, { userId: erased });
      recordMessage(em, WorkRequested, { key: 'about-other', n: 1 }, { userId: other });
    });

    const deletion = await publish(UserDeleted, { userId: erased, requestedAt: new Date().toISOString() }, erased);
    await expectEventually(async () => expect(await orm.em.fork().count(InboxMessage, { messageId: deletion.id })).toBe(1));
    expect(erasures).toBe(1);
    expect(await isErased(orm.em.fork(), erased)).toBe(true);
    const keys = (await orm.em.fork().find(OutboxMessage, {})).map((row) => (row.envelope.payload as { key: string }).key);
    expect(keys).not.toContain('about-erased');
    expect(keys).toContain('about-other');

    // A late (or forged) event about the erased user changes nothing; another user's still applies.
    const late = await publish(WorkRequested, { key: 'late', n: 2 }, erased);
    const fine = await publish(WorkRequested, { key: 'fine', n: 3 }, other);
    await expectEventually(async () => expect(await orm.em.fork().count(Effect, { messageId: fine.id })).toBe(1));
    // Both were settled (acknowledged), the erased user's without effect.
    await expectConsumer('erasing', WorkRequested.subject, 'settled', { names: bed.names });
    expect(await orm.em.fork().count(Effect, { messageId: late.id })).toBe(0);
    // A request that got past authentication before the erasure writes nothing after it.
    const bus = new MessageBus(orm, bed.relay(orm));
    await expect(bus.transaction(async ({ em }) => void em.persist(em.create(Effect, { messageId: randomUUID(), replica: 'late-request' })), { userId: erased })).rejects.toMatchObject({
      code: 'USER_ERASED',
      status: 404,
    });
    expect(await orm.em.fork().count(Effect, { replica: 'late-request' })).toBe(0);
    // The erasure itself may come again (a redelivery): still idempotent, still applied.
    await publish(UserDeleted, { userId: erased, requestedAt: new Date().toISOString() }, erased);
    await expectEventually(() => expect(erasures).toBe(2));
  });

  it("should wait for a user's erasure under way before applying their events in a shared transaction, then drop them", async () => {
    const erased = randomUUID();
    const others = Array.from({ length: 10 }, () => randomUUID());
    const nc = await connectNats('erasure-batch-test');
    const consumer = new DurableConsumer(
      { orm, js: jetstream(nc), jsm: bed.jsm, names: bed.names, relay: bed.relay(orm, jetstream(nc)), service: 'erasing-batch', logger: silentLogger },
      WorkRequested,
      async (payload, { em, envelope }) => {
        if (payload.key === 'erasing-batch') em.persist(em.create(Effect, { messageId: envelope.id, replica: 'erasing-batch' }));
      },
      { ...settings, batchSize: 16 },
    );
    await consumer.start();
    bed.onTearDown(async () => {
      await consumer.stop();
      await nc.close();
    });
    const effectsOf = (messageIds: string[]) => orm.em.fork().find(Effect, { messageId: { $in: messageIds }, replica: 'erasing-batch' });
    // The erasure takes the user's lock exclusively and records the tombstone, but has not committed yet.
    let commitErasure!: () => void;
    const erasureHeld = new Promise<void>((resolve) => (commitErasure = resolve));
    let erasureLocked!: () => void;
    const locked = new Promise<void>((resolve) => (erasureLocked = resolve));
    const erasure = orm.em.fork().transactional(async (em) => {
      await recordErasure(em, erased);
      erasureLocked();
      await erasureHeld;
    });
    await locked;

    let envelopes: Array<ReturnType<typeof createEnvelope<typeof WorkRequested>>>;
    try {
      envelopes = Array.from({ length: 40 }, (_, n) => {
        const userId = n === 20 ? erased : others[n % others.length]!;
        return createEnvelope(WorkRequested, { key: 'erasing-batch', n }, { userId });
      });
      const subject = bed.names.subject(WorkRequested.subject);
      await Promise.all(envelopes.map((envelope) => bed.js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id, headers: envelopeHeaders(envelope) })));
      // The consumer's transaction waits for the erased user's lock.
      await expectEventually(async () => {
        const [row] = await orm.em
          .fork()
          .execute<Array<{ waiting: number }>>(
            `select count(*)::int as "waiting" from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`,
          );
        expect(row?.waiting).toBeGreaterThan(0);
      });
    } finally {
      // Even when an assertion failed: an open transaction would hold the test database.
      commitErasure();
      await erasure;
    }

    const erasedId = envelopes[20]!.id;
    const othersIds = envelopes.filter((envelope) => envelope.id !== erasedId).map((envelope) => envelope.id);
    await expectEventually(async () => expect(await effectsOf(othersIds)).toHaveLength(39), { timeoutMs: 20_000 });
    await expectConsumer('erasing-batch', WorkRequested.subject, 'settled', { names: bed.names });
    expect(await effectsOf([erasedId])).toHaveLength(0);
  });
});
