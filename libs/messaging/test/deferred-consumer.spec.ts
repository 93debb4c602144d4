import type { MikroORM } from '@mikro-orm/postgresql';
import { jetstream } from '@nats-io/jetstream';

import { expectEventually } from '@tandem/testing';

import { connectNats, createEnvelope, DurableConsumer, type DeferredMessageHandler, type DurableConsumerSettings } from '../src';
import { Effect, MessagingBed, silentLogger, WorkRequested } from './support';

const settings: DurableConsumerSettings & { transaction: 'in-handler' } = { ackWaitMs: 5_000, maxDeliveries: 3, retryBaseMs: 20, confirmAcks: true, concurrency: 8, transaction: 'in-handler' };

/** A handler that commits itself (`transaction: 'in-handler'`): slow work first, then one short transaction. */
describe(`${DurableConsumer.name} (in-handler transaction)`, () => {
  const bed = new MessagingBed();
  let orm: MikroORM;

  beforeAll(async () => {
    await bed.setUp();
    orm = await bed.orm();
  });
  afterAll(() => bed.tearDown());

  async function startReplica(service: string, handler: DeferredMessageHandler<typeof WorkRequested>) {
    const replicaOrm = await bed.orm();
    const nc = await connectNats(`deferred-${service}`);
    const js = jetstream(nc);
    const consumer = new DurableConsumer({ orm: replicaOrm, js, jsm: bed.jsm, names: bed.names, relay: bed.relay(replicaOrm, js), service, logger: silentLogger }, WorkRequested, handler, settings);
    await consumer.start();
    bed.onTearDown(async () => {
      await consumer.stop();
      await nc.close();
    });
  }

  const effectsOf = (messageId: string, replica: string) => orm.em.fork().find(Effect, { messageId, replica });
  const publish = (payload: { key: string; n: number }, msgID?: string) => {
    const envelope = createEnvelope(WorkRequested, payload);
    return bed.js.publish(bed.names.subject(WorkRequested.subject), JSON.stringify(envelope), { msgID: msgID ?? envelope.id }).then(() => envelope);
  };

  it('should apply a message once when two deliveries do the slow work at the same time', async () => {
    const outcomes: boolean[] = [];
    let arrived = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    await startReplica('twice', async ({ key }, context) => {
      if (key !== 'twice') return;
      if (++arrived === 2) release();
      await bothArrived; // both deliveries are past the slow step before either commits
      const result = await context.commit(async ({ em, envelope }) => void em.persist(em.create(Effect, { messageId: envelope.id, replica: 'twice' })));
      outcomes.push(result.applied);
    });
    const envelope = createEnvelope(WorkRequested, { key: 'twice', n: 1 });
    const body = JSON.stringify(envelope);
    const subject = bed.names.subject(WorkRequested.subject);
    await bed.js.publish(subject, body, { msgID: `${envelope.id}-a` });
    await bed.js.publish(subject, body, { msgID: `${envelope.id}-b` });

    await expectEventually(() => expect(outcomes.sort()).toEqual([false, true]));
    expect(await effectsOf(envelope.id, 'twice')).toHaveLength(1);
  });

  it('should write nothing for a delivery the handler skips, and say so through alreadyApplied', async () => {
    const seen: Array<{ n: number; applied: boolean }> = [];
    await startReplica('skips', async ({ key, n }, context) => {
      if (key !== 'skips') return; // the other tests' messages
      seen.push({ n, applied: await context.alreadyApplied() });
      if (n % 2 === 0) await context.commit(async ({ em, envelope }) => void em.persist(em.create(Effect, { messageId: envelope.id, replica: 'skips' })));
    });
    const skipped = await publish({ key: 'skips', n: 1 });
    const committed = await publish({ key: 'skips', n: 2 });
    await expectEventually(async () => expect(await effectsOf(committed.id, 'skips')).toHaveLength(1));
    await bed.js.publish(bed.names.subject(WorkRequested.subject), JSON.stringify(committed), { msgID: `${committed.id}-again` });

    await expectEventually(() => expect(seen.filter(({ n }) => n === 2)).toHaveLength(2));
    expect(seen.filter(({ applied }) => applied)).toHaveLength(1); // the redelivered copy of the committed one
    expect(await effectsOf(skipped.id, 'skips')).toEqual([]);
    expect(await effectsOf(committed.id, 'skips')).toHaveLength(1);
  });

  it('should retry a handler that fails before it commits, and apply it once', async () => {
    let attempts = 0;
    await startReplica('retries', async ({ key }, context) => {
      if (key !== 'retries') return;
      if (++attempts < 3) throw new Error('the model is down');
      await context.commit(async ({ em, envelope }) => void em.persist(em.create(Effect, { messageId: envelope.id, replica: 'retries' })));
    });
    const envelope = await publish({ key: 'retries', n: 1 });

    await expectEventually(async () => expect(await effectsOf(envelope.id, 'retries')).toHaveLength(1));
    expect(attempts).toBe(3);
  });
});
