import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import type { z } from 'zod';

import {
  CommandRejected,
  ConnectionRequested,
  ConnectionsSuggested,
  SaveTeamProfile,
  SuggestionConnected,
  SuggestionDeclined,
  SuggestionExpired,
  SuggestionViewed,
  UserErased,
  type DurableContract,
  type Envelope,
  type TeamProfileView,
} from '@tandem/contracts';
import { MESSAGING_ENTITIES, MessageBus, MessagingModule, MessagingLifecycle, Migration20261123000000Messaging, QueryClient, serveQueries, type MessageMeta } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';
import { createTestDatabase, deleteBusStreams, expectEventually, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { teamConnectionsOrmConfig } from '../src/mikro-orm.config';

/** What team-connections says back: every event a client would hear from it. */
export const OUTCOMES: DurableContract[] = [ConnectionsSuggested, SuggestionViewed, SuggestionConnected, SuggestionDeclined, SuggestionExpired, ConnectionRequested, CommandRejected, UserErased];

/** Another service on the bus (as chat will be): its own outbox and inbox, sending commands and queries. */
const clientOrmConfig = (clientUrl: string) =>
  defineServiceConfig({ service: 'gateway', entities: [...MESSAGING_ENTITIES], migrations: [Migration20261123000000Messaging], migrationsPath: join(__dirname, 'migrations'), clientUrl });

export type ProfileInput = Partial<z.input<typeof SaveTeamProfile.payload>>;

export interface TeamBed {
  db: TestDatabase;
  team: INestApplication;
  client: INestApplication;
  /** Every outcome the client received, in arrival order. */
  received: Envelope[];
  /** Sends a durable command (or event) from the client; resolves with the one message it caused. */
  send<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): Promise<Envelope>;
  ask: QueryClient['ask'];
  /** Saves a profile for a new user (or the given one) through request/reply. */
  profile(fields?: ProfileInput): Promise<TeamProfileView>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** team-connections as Nest builds it (queries served, real offline embeddings) and a client app, on a fresh database. */
export async function startTeamConnections(env: Record<string, string> = {}): Promise<TeamBed> {
  const db = await createTestDatabase({ 'team-connections': teamConnectionsOrmConfig, gateway: clientOrmConfig });
  Object.assign(process.env, { TEAM_CONNECTIONS_DATABASE_URL: db.urlFor('team-connections'), LOG_LEVEL: 'silent', ...env });

  const team = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
  await team.init();
  await serveQueries(team, 'team-connections');

  @Module({ imports: [MikroOrmModule.forRoot(db.ormConfig('gateway')), MessagingModule.forRoot({ service: 'test-client', relayIntervalMs: 100 })] })
  class ClientModule {}
  const client = (await Test.createTestingModule({ imports: [ClientModule] }).compile()).createNestApplication({ logger: false });
  await client.init();
  const received: Envelope[] = [];
  const lifecycle = client.get(MessagingLifecycle);
  for (const contract of OUTCOMES) await lifecycle.consume(contract, async (_payload, { envelope }) => void received.push(envelope));

  const send = async <C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): Promise<Envelope> => {
    const correlationId = randomUUID();
    const userId = (payload as { userId?: string }).userId ?? null;
    await client.get(MessageBus).transaction(async ({ emit }) => emit(contract, payload, { userId, correlationId, ...meta }));
    return expectEventually(() => {
      const caused = received.filter((envelope) => envelope.correlationId === correlationId);
      expect(caused).toHaveLength(1);
      return caused[0]!;
    });
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
  const ask: QueryClient['ask'] = (contract, request, options) => queries.ask(contract, request, { timeoutMs: 10_000, ...options });
  return {
    db,
    team,
    client,
    received,
    send,
    ask,
    profile: (fields = {}) => ask(SaveTeamProfile, { userId: randomUUID(), company: 'Acme', ...fields }),
    sql,
    close: async () => {
      await client.close();
      await team.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}
