import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import type { z } from 'zod';

import {
  ChatMessageCreated,
  EmotionRecorded,
  NoteAdded,
  NoteDeleted,
  NoteSuperseded,
  NoteUpdated,
  UserErased,
  type ChatMessageView,
  type DurableContract,
  type Envelope,
} from '@tandem/contracts';
import { MESSAGING_ENTITIES, MessageBus, MessagingLifecycle, MessagingModule, Migration20261123000000Messaging, QueryClient, serveQueries, type MessageMeta } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';
import { createTestDatabase, deleteBusStreams, expectEventually, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { sentinelOrmConfig } from '../src/mikro-orm.config';

/** What the sentinel service says: every event a client would hear from it. */
export const OUTCOMES: DurableContract[] = [NoteAdded, NoteUpdated, NoteSuperseded, NoteDeleted, EmotionRecorded, UserErased];

/** Another service on the bus (as chat and the gateway are): its own outbox and inbox. */
const clientOrmConfig = (clientUrl: string) =>
  defineServiceConfig({ service: 'chat', entities: [...MESSAGING_ENTITIES], migrations: [Migration20261123000000Messaging], migrationsPath: join(__dirname, 'migrations'), clientUrl });

export interface SentinelBed {
  db: TestDatabase;
  sentinel: INestApplication;
  client: INestApplication;
  /** Every outcome the client received, in arrival order. */
  received: Envelope[];
  /** Sends a durable message from the client; resolves once sentinel applied it, with every message that caused. */
  send<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): Promise<Envelope[]>;
  /** The user writes to the coach (chat.message.created, role USER); resolves with what sentinel made of it. */
  say(userId: string, content: string, overrides?: Partial<ChatMessageView> & { meta?: MessageMeta }): Promise<{ message: ChatMessageView; outcomes: Envelope[] }>;
  ask: QueryClient['ask'];
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The sentinel service as Nest builds it (queries served, offline models) and a client app, on a fresh database. */
export async function startSentinel(env: Record<string, string> = {}): Promise<SentinelBed> {
  const db = await createTestDatabase({ sentinel: sentinelOrmConfig, chat: clientOrmConfig });
  // Offline models whatever the developer's shell says; restored on close, as test files share a worker's process.env.
  const settings: Record<string, string> = { SENTINEL_DATABASE_URL: db.urlFor('sentinel'), LOG_LEVEL: 'silent', LLM_PROVIDER: 'offline', EMBEDDINGS_PROVIDER: 'offline', ...env };
  const previous = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
  Object.assign(process.env, settings);

  const sentinel = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
  await sentinel.init();
  await serveQueries(sentinel, 'sentinel');

  @Module({ imports: [MikroOrmModule.forRoot(db.ormConfig('chat')), MessagingModule.forRoot({ service: 'test-client', relayIntervalMs: 100 })] })
  class ClientModule {}
  const client = (await Test.createTestingModule({ imports: [ClientModule] }).compile()).createNestApplication({ logger: false });
  await client.init();
  const received: Envelope[] = [];
  const lifecycle = client.get(MessagingLifecycle);
  for (const contract of OUTCOMES) await lifecycle.consume(contract, async (_payload, { envelope }) => void received.push(envelope));

  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const pg = new Client({ connectionString: db.adminUrl });
    await pg.connect();
    try {
      return (await pg.query(text, params)).rows as T[];
    } finally {
      await pg.end();
    }
  };

  const send = async <C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): Promise<Envelope[]> => {
    const userId = (payload as { userId?: string; message?: { userId?: string } }).userId ?? (payload as { message?: { userId?: string } }).message?.userId ?? null;
    const id = await client.get(MessageBus).transaction(async ({ emit }) => emit(contract, payload, { userId, ...meta }));
    // Applied once its inbox row is there; what it caused sits in sentinel's outbox, written in the same transaction.
    await expectEventually(async () => expect(await sql('select 1 from sentinel.inbox where message_id = $1', [id])).toHaveLength(1));
    const caused = await sql<{ id: string }>("select id from sentinel.outbox where envelope->>'causationId' = $1", [id]);
    return expectEventually(() => {
      const arrived = received.filter((envelope) => envelope.causationId === id);
      expect(arrived).toHaveLength(caused.length);
      return arrived;
    });
  };

  const say: SentinelBed['say'] = async (userId, content, { meta, ...overrides } = {}) => {
    const message: ChatMessageView = { id: randomUUID(), conversationId: randomUUID(), userId, role: 'USER', content, inReplyTo: null, createdAt: new Date().toISOString(), ...overrides };
    return { message, outcomes: await send(ChatMessageCreated, { message, actions: [] }, meta) };
  };

  const queries = client.get(QueryClient);
  return {
    db,
    sentinel,
    client,
    received,
    send,
    say,
    ask: (contract, request, options) => queries.ask(contract, request, options),
    sql,
    close: async () => {
      await client.close();
      await sentinel.close();
      await deleteBusStreams();
      await db.drop();
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** Asserts an outcome is of the contract and returns its parsed payload. */
export function outcome<C extends DurableContract>(contract: C, envelope: Envelope | undefined): z.output<C['payload']> {
  expect(envelope?.type).toBe(contract.type);
  return contract.payload.parse(envelope!.payload) as z.output<C['payload']>;
}

/** Every outcome a test file caused validates against its contract and version. */
export function expectValidOutcomes(received: Envelope[]): void {
  const contractOf = new Map(OUTCOMES.map((contract) => [contract.type, contract]));
  for (const envelope of received) {
    const contract = contractOf.get(envelope.type);
    expect(contract).toBeDefined();
    expect(contract!.payload.safeParse(envelope.payload).error).toBeUndefined();
    expect(envelope.version).toBe(contract!.version);
  }
}
