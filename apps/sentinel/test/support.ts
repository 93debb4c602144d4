import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { z } from 'zod';

import {
  ChatMessageCreated,
  CommandRejected,
  EmotionRecorded,
  NoteAdded,
  NoteDeleted,
  NoteSuperseded,
  NoteUpdated,
  UpdateMemorySettings,
  UserErased,
  type ChatMessageView,
  type DurableContract,
  type Envelope,
} from '@tandem/contracts';
import { serveQueries, type MessageMeta, type QueryClient } from '@tandem/messaging';
import { adminSql, expectConsumer, busClientOrmConfig, createTestDatabase, deleteBusStreams, expectEventually, startBusClient, type AdminSql, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { sentinelOrmConfig } from '../src/mikro-orm.config';

/** What the sentinel service says: every event a client would hear from it. */
export const OUTCOMES: DurableContract[] = [NoteAdded, NoteUpdated, NoteSuperseded, NoteDeleted, EmotionRecorded, UserErased, CommandRejected];

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
  /** The user consents to health and emotion memories (both unless said otherwise): without it, Sentinel keeps neither. */
  consent(userId: string, consents?: { keepHealth?: boolean; keepEmotions?: boolean }): Promise<void>;
  sql: AdminSql;
  close(): Promise<void>;
}

/**
 * The sentinel service as Nest builds it (queries served, offline models) and a client app, on a fresh database:
 * another service on the bus (in chat's schema, as chat and the gateway talk to sentinel).
 */
export async function startSentinel(env: Record<string, string> = {}): Promise<SentinelBed> {
  const db = await createTestDatabase({ sentinel: sentinelOrmConfig, chat: busClientOrmConfig('chat') });
  // Offline models whatever the developer's shell says; restored on close, as test files share a worker's process.env.
  const settings: Record<string, string> = { SENTINEL_DATABASE_URL: db.urlFor('sentinel'), LOG_LEVEL: 'silent', LLM_PROVIDER: 'offline', EMBEDDINGS_PROVIDER: 'offline', ...env };
  const previous = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
  Object.assign(process.env, settings);

  const sentinel = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
  await sentinel.init();
  await serveQueries(sentinel, 'sentinel');

  const client = await startBusClient(db, { consume: OUTCOMES, as: 'chat' });
  const sql = adminSql(db);

  const send = async <C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): Promise<Envelope[]> => {
    const userId = (payload as { userId?: string; message?: { userId?: string } }).userId ?? (payload as { message?: { userId?: string } }).message?.userId ?? null;
    const id = await client.publish(contract, payload, { userId, ...meta });
    // Settled once sentinel's consumer has acknowledged it (a coach message leaves no inbox row);
    // what it caused sits in sentinel's outbox, written in the same transaction.
    await expectConsumer('sentinel', contract.subject, 'settled');
    const caused = await sql<{ id: string }>("select id from sentinel.outbox where envelope->>'causationId' = $1", [id]);
    return expectEventually(() => {
      const arrived = client.received.filter((envelope) => envelope.causationId === id);
      expect(arrived).toHaveLength(caused.length);
      return arrived;
    });
  };

  const say: SentinelBed['say'] = async (userId, content, { meta, ...overrides } = {}) => {
    const message: ChatMessageView = { id: randomUUID(), conversationId: randomUUID(), userId, role: 'USER', content, inReplyTo: null, createdAt: new Date().toISOString(), ...overrides };
    return { message, outcomes: await send(ChatMessageCreated, { message, actions: [] }, meta) };
  };

  return {
    db,
    sentinel,
    client: client.app,
    received: client.received,
    send,
    say,
    ask: client.ask,
    consent: async (userId, { keepHealth = true, keepEmotions = true } = {}) => {
      await client.ask(UpdateMemorySettings, { userId, keepHealth, keepEmotions });
    },
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
