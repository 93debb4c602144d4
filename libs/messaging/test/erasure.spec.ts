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
});
