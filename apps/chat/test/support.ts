import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import type { z } from 'zod';

import {
  AcceptIdentity,
  ChatActionSettled,
  ChatMessageCreated,
  ChatTurnFailed,
  CompleteIdentityRefinement,
  ConversationEnded,
  ProposeIdentity,
  SuggestConnections,
  TransitionPhase,
  UpdateIdentity,
  UserErased,
  coachTokenSchema,
  liveMessageSchema,
  liveSubject,
  type CoachToken,
  type DurableContract,
  type Envelope,
} from '@tandem/contracts';
import { BUS_NAMES, MESSAGING_ENTITIES, MessageBus, MessagingLifecycle, MessagingModule, Migration20261123000000Messaging, NATS_CONNECTION, QueryClient, serveQueries, type BusNames, type MessageMeta } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';
import { createTestDatabase, deleteBusStreams, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { CHAT_MODEL } from '../src/llm/llm.providers';
import { chatOrmConfig } from '../src/mikro-orm.config';
import { ScriptedChatModel } from './scripted-chat-model';

/** What chat says to everyone else: its events, and the commands coach actions send to their owners. */
export const CHAT_EVENTS: DurableContract[] = [ChatMessageCreated, ChatTurnFailed, ChatActionSettled, ConversationEnded, UserErased];
export const COACH_COMMANDS: DurableContract[] = [ProposeIdentity, UpdateIdentity, AcceptIdentity, CompleteIdentityRefinement, TransitionPhase, SuggestConnections];

/**
 * Another service on the bus (playing the gateway and the actions' owners): its own schema with
 * an outbox and inbox; it asks chat's queries, publishes owners' events, and records every chat
 * event and command it receives.
 */
const clientOrmConfig = (clientUrl: string) =>
  defineServiceConfig({ service: 'gateway', entities: [...MESSAGING_ENTITIES], migrations: [Migration20261123000000Messaging], migrationsPath: join(__dirname, 'migrations'), clientUrl });

export interface ChatBedOptions {
  env?: Record<string, string>;
  /** `offline`: the model the environment configures (libs/llm's offline coach), not a scripted one. */
  model?: 'scripted' | 'offline';
}

export interface ChatBed {
  db: TestDatabase;
  chat: INestApplication;
  client: INestApplication;
  /** The scripted model (unused when the bed runs the offline coach). */
  model: ScriptedChatModel;
  /** Every chat event and command the client received, in arrival order. */
  received: Envelope[];
  /** Publishes an event or command from the client, as its owner would; resolves with its id. */
  publish<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): Promise<string>;
  ask: QueryClient['ask'];
  /** Records the coach's reply tokens for a user from now on. */
  listen(userId: string): CoachToken[];
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The chat service as Nest builds it (queries served, a scripted model) and a client app, on a fresh database. */
export async function startChat({ env = {}, model: kind = 'scripted' }: ChatBedOptions = {}): Promise<ChatBed> {
  const db = await createTestDatabase({ chat: chatOrmConfig, gateway: clientOrmConfig });
  // The sweeper's own timer stays out of the way: tests call sweep() themselves.
  Object.assign(process.env, { CHAT_DATABASE_URL: db.urlFor('chat'), LOG_LEVEL: 'silent', CHAT_SWEEP_INTERVAL_MS: '3600000', ...env });

  const model = new ScriptedChatModel({});
  const builder = Test.createTestingModule({ imports: [AppModule] });
  const chatModule = await (kind === 'scripted' ? builder.overrideProvider(CHAT_MODEL).useValue(model) : builder).compile();
  const chat = chatModule.createNestApplication({ logger: false });
  await serveQueries(chat, 'chat');

  @Module({ imports: [MikroOrmModule.forRoot(db.ormConfig('gateway')), MessagingModule.forRoot({ service: 'test-client', relayIntervalMs: 100 })] })
  class ClientModule {}
  const client = (await Test.createTestingModule({ imports: [ClientModule] }).compile()).createNestApplication({ logger: false });
  await client.init();
  const received: Envelope[] = [];
  const lifecycle = client.get(MessagingLifecycle);
  for (const contract of [...CHAT_EVENTS, ...COACH_COMMANDS]) await lifecycle.consume(contract, async (_payload, { envelope }) => void received.push(envelope));

  const publish = <C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): Promise<string> => {
    const userId = (payload as { userId?: string }).userId ?? null;
    return client.get(MessageBus).transaction(async ({ emit }) => emit(contract, payload, { userId, ...meta }));
  };

  const nc = client.get<NatsConnection>(NATS_CONNECTION);
  const names = client.get<BusNames>(BUS_NAMES);
  const listen = (userId: string): CoachToken[] => {
    const tokens: CoachToken[] = [];
    nc.subscribe(names.subject(liveSubject(userId)), {
      callback: (error, msg) => {
        if (error) return;
        const live = liveMessageSchema.parse(msg.json());
        tokens.push(coachTokenSchema.parse(live.data));
      },
    });
    return tokens;
  };

  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const pg = new Client({ connectionString: db.adminUrl });
    await pg.connect();
    try {
      return (await pg.query(text, params)).rows as T[];
    } finally {
      await pg.end();
    }
  };

  const queries = client.get(QueryClient);
  return {
    db,
    chat,
    client,
    model,
    received,
    publish,
    ask: (contract, request, options) => queries.ask(contract, request, options),
    listen,
    sql,
    close: async () => {
      await client.close();
      await chat.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}

export const newUser = (): string => randomUUID();
