import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';

import {
  BUS_ACCESS,
  ChatActionSettled,
  ChatMessageCreated,
  ChatTurnFailed,
  ConversationEnded,
  UserErased,
  coachTokenSchema,
  liveMessageSchema,
  liveSubject,
  type CoachToken,
  type CommandContract,
  type QueryContract,
  type DurableContract,
  type Envelope,
  type PayloadOf,
} from '@tandem/contracts';
import { BUS_NAMES, NATS_CONNECTION, serveQueries, type BusNames, type MessageMeta, type QueryClient } from '@tandem/messaging';
import { adminSql, busClientOrmConfig, createTestDatabase, deleteBusStreams, expectEventually, startBusClient, type AdminSql, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { CHAT_MODEL } from '../src/llm/llm.providers';
import { chatOrmConfig } from '../src/mikro-orm.config';
import { ScriptedChatModel } from './scripted-chat-model';

/** What chat says to everyone else: its events, and the commands coach actions send to their owners. */
export const CHAT_EVENTS: DurableContract[] = [ChatMessageCreated, ChatTurnFailed, ChatActionSettled, ConversationEnded, UserErased];
/** The commands chat's coach actions send, as its bus access declares them (the queries it asks aside). */
export const COACH_COMMANDS: DurableContract[] = (BUS_ACCESS.chat.sends as ReadonlyArray<CommandContract | QueryContract>).filter(
  (contract): contract is CommandContract => contract.kind === 'command',
);

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
  /** Waits for exactly one received message of the contract that matches, and gives it parsed. */
  receivedOne<C extends DurableContract>(contract: C, matches: (payload: PayloadOf<C>, envelope: Envelope) => boolean): Promise<{ payload: PayloadOf<C>; envelope: Envelope }>;
  /** Records the coach's reply tokens for a user from now on. */
  listen(userId: string): CoachToken[];
  sql: AdminSql;
  close(): Promise<void>;
}

/**
 * The chat service as Nest builds it (queries served, a scripted model) and a client app, on a fresh database:
 * another service on the bus (playing the gateway and the actions' owners) that asks chat's queries, publishes
 * owners' events, and records every chat event and command it receives.
 */
export async function startChat({ env = {}, model: kind = 'scripted' }: ChatBedOptions = {}): Promise<ChatBed> {
  const db = await createTestDatabase({ chat: chatOrmConfig, gateway: busClientOrmConfig('gateway') });
  // The sweeper's own timer stays out of the way: tests call sweep() themselves.
  Object.assign(process.env, { CHAT_DATABASE_URL: db.urlFor('chat'), LOG_LEVEL: 'silent', CHAT_SWEEP_INTERVAL_MS: '3600000', ...env });

  const model = new ScriptedChatModel({});
  const builder = Test.createTestingModule({ imports: [AppModule] });
  const chatModule = await (kind === 'scripted' ? builder.overrideProvider(CHAT_MODEL).useValue(model) : builder).compile();
  const chat = chatModule.createNestApplication({ logger: false });
  await serveQueries(chat, 'chat');

  const client = await startBusClient(db, { consume: [...CHAT_EVENTS, ...COACH_COMMANDS] });

  const nc = client.app.get<NatsConnection>(NATS_CONNECTION);
  const names = client.app.get<BusNames>(BUS_NAMES);
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

  const receivedOne = <C extends DurableContract>(contract: C, matches: (payload: PayloadOf<C>, envelope: Envelope) => boolean) =>
    expectEventually(() => {
      const found = client.received.filter((envelope) => envelope.type === contract.type).map((envelope) => ({ envelope, payload: contract.payload.parse(envelope.payload) as PayloadOf<C> }));
      const matching = found.filter(({ payload, envelope }) => matches(payload, envelope));
      expect(matching).toHaveLength(1);
      return matching[0]!;
    });

  return {
    db,
    chat,
    client: client.app,
    receivedOne,
    model,
    received: client.received,
    publish: client.publish,
    ask: client.ask,
    listen,
    sql: adminSql(db),
    close: async () => {
      await client.close();
      await chat.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}

export const newUser = (): string => randomUUID();
