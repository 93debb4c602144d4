import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
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
import { serveQueries, type MessageMeta, type QueryClient } from '@tandem/messaging';
import { adminSql, busClientOrmConfig, createTestDatabase, deleteBusStreams, startBusClient, type AdminSql, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { teamConnectionsOrmConfig } from '../src/mikro-orm.config';

/** What team-connections says back: every event a client would hear from it. */
export const OUTCOMES: DurableContract[] = [ConnectionsSuggested, SuggestionViewed, SuggestionConnected, SuggestionDeclined, SuggestionExpired, ConnectionRequested, CommandRejected, UserErased];

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
  sql: AdminSql;
  close(): Promise<void>;
}

/**
 * team-connections as Nest builds it (queries served, real offline embeddings) and a client app, on a fresh database:
 * another service on the bus (as chat will be), sending commands and queries.
 */
export async function startTeamConnections(env: Record<string, string> = {}): Promise<TeamBed> {
  const db = await createTestDatabase({ 'team-connections': teamConnectionsOrmConfig, gateway: busClientOrmConfig('gateway') });
  Object.assign(process.env, { TEAM_CONNECTIONS_DATABASE_URL: db.urlFor('team-connections'), LOG_LEVEL: 'silent', ...env });

  const team = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
  await team.init();
  await serveQueries(team, 'team-connections');

  const client = await startBusClient(db, { consume: OUTCOMES });

  const ask: QueryClient['ask'] = (contract, request, options) => client.ask(contract, request, { timeoutMs: 10_000, ...options });
  return {
    db,
    team,
    client: client.app,
    received: client.received,
    send: client.publishForReply,
    ask,
    profile: (fields = {}) => ask(SaveTeamProfile, { userId: randomUUID(), company: 'Acme', ...fields }),
    sql: adminSql(db),
    close: async () => {
      await client.close();
      await team.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}
