import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Controller, Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

import { defineQuery } from '@tandem/contracts';
import { expectEventually } from '@tandem/testing';

import {
  DomainError,
  AnswerQuery,
  BusNames,
  connectNats,
  ContractViolationError,
  MessageBus,
  MessagingModule,
  OnMessage,
  QueryClient,
  QueryRejectedError,
  QueryTimeoutError,
  QueryUnavailableError,
  readNatsEnv,
  rejectQuery,
  serveQueries,
  streamConfigs,
  type HandlerContext,
} from '../src';
import { Effect, MessagingBed, WorkRequested } from './support';

const Lookup = defineQuery({
  type: 'test.lookup',
  version: 1,
  owner: 'test',
  description: 'Test query',
  payload: z.object({ key: z.string().min(1), delayMs: z.number().int().default(0) }),
  response: z.object({ key: z.string(), answeredBy: z.string() }),
  example: { key: 'a' },
  exampleResponse: { key: 'a', answeredBy: 'r1' },
});

const Unanswered = defineQuery({ ...Lookup, type: 'test.unanswered' });

describe('MessagingModule', () => {
  const bed = new MessagingBed();
  const apps: INestApplication[] = [];
  const received: Array<{ replica: string; causationId: string | null }> = [];

  async function startApp(replica: string): Promise<INestApplication> {
    @Injectable()
    class WorkHandler {
      @OnMessage(WorkRequested, { confirmAcks: true })
      async onWorkRequested(payload: { key: string }, { em, envelope }: HandlerContext): Promise<void> {
        em.persist(em.create(Effect, { messageId: envelope.id, replica }));
        received.push({ replica, causationId: envelope.causationId });
      }
    }

    // Nest's transport routes message patterns to controllers only.
    @Controller()
    class LookupController {
      @AnswerQuery(Lookup)
      async lookup({ key, delayMs }: { key: string; delayMs: number }) {
        if (key === 'missing') throw rejectQuery(404, `no entry ${key}`);
        if (key === 'taken') throw new DomainError('KEY_TAKEN', 'that key is taken', 409);
        await sleep(delayMs);
        return key === 'broken' ? { key } : { key, answeredBy: replica };
      }
    }

    @Module({
      imports: [MikroOrmModule.forRoot(bed.db.ormConfig('coach-state')), MessagingModule.forRoot({ service: 'worker', relayIntervalMs: 100 })],
      providers: [WorkHandler],
      controllers: [LookupController],
    })
    class WorkerModule {}

    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await serveQueries(app, 'worker');
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    await bed.setUp();
    await startApp('r1');
    await startApp('r2');
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    // The apps provisioned the streams of this file's BUS_NAMESPACE: remove them.
    const nc = await connectNats('cleanup');
    const jsm = await jetstreamManager(nc);
    for (const config of streamConfigs(new BusNames(readNatsEnv().BUS_NAMESPACE), { replicas: 1 })) await jsm.streams.delete(config.name).catch(() => undefined);
    await nc.close();
    await bed.tearDown();
  });

  it('should deliver an event emitted in a MessageBus transaction to one replica of the @OnMessage handler', async () => {
    const bus = apps[0]!.get(MessageBus);
    const id = await bus.transaction(async (tx) => {
      tx.emit(WorkRequested, { key: 'via-bus', n: 1 }, { causationId: '11111111-1111-4111-8111-111111111111' });
      return 'done';
    });
    expect(id).toBe('done');

    await expectEventually(() => expect(received.filter((r) => r.causationId === '11111111-1111-4111-8111-111111111111')).toHaveLength(1));
  });

  it('should not deliver an event whose transaction failed', async () => {
    const bus = apps[0]!.get(MessageBus);
    await expect(
      bus.transaction(async (tx) => {
        tx.emit(WorkRequested, { key: 'never', n: 2 }, { causationId: '22222222-2222-4222-8222-222222222222' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // A later event from a committed transaction arrives: the pipeline has moved past the failed one.
    await bus.transaction(async (tx) => tx.emit(WorkRequested, { key: 'after-never', n: 3 }, { causationId: '33333333-3333-4333-8333-333333333333' }));
    await expectEventually(() => expect(received.filter((r) => r.causationId === '33333333-3333-4333-8333-333333333333')).toHaveLength(1));
    expect(received.filter((r) => r.causationId === '22222222-2222-4222-8222-222222222222')).toHaveLength(0);
  });

  it('should answer queries from both replicas of the queue group, validated on both sides', async () => {
    const client = apps[0]!.get(QueryClient);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => client.ask(Lookup, { key: `k${n}` })));

    expect(answers.map((answer) => answer.key)).toEqual(Array.from({ length: 40 }, (_, n) => `k${n}`));
    expect(new Set(answers.map((answer) => answer.answeredBy))).toEqual(new Set(['r1', 'r2']));
  });

  it('should refuse a request that breaks the contract before sending it', async () => {
    await expect(apps[0]!.get(QueryClient).ask(Lookup, { key: '' })).rejects.toBeInstanceOf(ContractViolationError);
    await expect(apps[0]!.get(QueryClient).ask(Lookup, { key: '' })).rejects.toMatchObject({ part: 'request', issues: [{ field: 'key', message: expect.any(String) }] });
  });

  it('should surface a rejection with its status, and a contract-breaking answer as a 500 naming the contract', async () => {
    const client = apps[0]!.get(QueryClient);
    await expect(client.ask(Lookup, { key: 'missing' })).rejects.toMatchObject({ name: QueryRejectedError.name, status: 404, message: 'no entry missing' });
    await expect(client.ask(Lookup, { key: 'broken' })).rejects.toMatchObject({ name: QueryRejectedError.name, status: 500, message: expect.stringMatching(/^response breaks qry\.test\.lookup\.v1/) });
  });

  it("should carry a domain error's code across the bus to the asker", async () => {
    const client = apps[0]!.get(QueryClient);
    await expect(client.ask(Lookup, { key: 'taken' })).rejects.toMatchObject({ name: QueryRejectedError.name, status: 409, code: 'KEY_TAKEN', message: 'that key is taken' });
  });

  it('should drop garbage on a query subject, refuse a bad request with a 400, and keep answering', async () => {
    const nc = await connectNats('garbage');
    try {
      const subject = new BusNames(readNatsEnv().BUS_NAMESPACE).subject(Lookup.subject);
      // Not a request packet (no id): the transport treats it as an event nobody handles, and drops it.
      for (const garbage of ['not json', '{"key": 42}', 'null', '[]', '{"data": {"key": 7}}', '\u0000\u00ff']) nc.publish(subject, garbage);
      // A request packet whose data breaks the contract: refused, with the reason.
      const reply = await nc.request(subject, JSON.stringify({ id: 'r1', pattern: subject, data: { key: 42 } }), { timeout: 5_000 });
      expect(reply.json()).toMatchObject({
        id: 'r1',
        err: { status: 400, message: expect.stringContaining(Lookup.subject), code: 'VALIDATION_FAILED', errors: [{ field: 'key', message: expect.any(String) }] },
      });
    } finally {
      await nc.close();
    }
    await expect(apps[0]!.get(QueryClient).ask(Lookup, { key: 'still-here' })).resolves.toMatchObject({ key: 'still-here' });
    await expect(apps[1]!.get(QueryClient).ask(Lookup, { key: 'and-here' })).resolves.toMatchObject({ key: 'and-here' });
  });

  it('should fail with a timeout error when the answer is late, and an unavailable error when nobody answers', async () => {
    const client = apps[0]!.get(QueryClient);
    await expect(client.ask(Lookup, { key: 'slow', delayMs: 1_000 }, { timeoutMs: 200 })).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(client.ask(Unanswered, { key: 'x' }, { timeoutMs: 2_000 })).rejects.toBeInstanceOf(QueryUnavailableError);
  });
});
