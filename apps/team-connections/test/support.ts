import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { z } from 'zod';

import {
  CommandRejected,
  ConnectionAnswered,
  ConnectionRequested,
  CreateInvitation,
  CreateOrganisation,
  GetOrganisation,
  JoinOrganisation,
  ConnectionsSuggested,
  SaveTeamProfile,
  TeamProfileSaved,
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
export const OUTCOMES: DurableContract[] = [
  ConnectionsSuggested,
  SuggestionViewed,
  SuggestionConnected,
  SuggestionDeclined,
  SuggestionExpired,
  ConnectionRequested,
  ConnectionAnswered,
  CommandRejected,
  UserErased,
  TeamProfileSaved,
];

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
  /**
   * Saves a profile for a new user (or the given one) through request/reply and, unless `join`
   * is false, makes them a member of the organisation named like their company, as a person
   * would: the first one founds it, the others join with an invitation from its founder.
   */
  profile(fields?: ProfileInput & { join?: boolean }): Promise<TeamProfileView>;
  /** The founder (an admin) of the organisation each company name stands for in these tests. */
  founders: Map<string, string>;
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

  // The bus client's own ask already waits long enough for a cold service.
  const { ask } = client;
  const founders = new Map<string, string>();
  const joinCompany = async (userId: string, company: string) => {
    const member = await ask(GetOrganisation, { userId }).catch(() => null);
    if (member) return;
    const founder = founders.get(company);
    if (!founder) {
      founders.set(company, userId);
      await ask(CreateOrganisation, { userId, name: company });
      return;
    }
    const { token } = await ask(CreateInvitation, { userId: founder, expiresInHours: 1 });
    await ask(JoinOrganisation, { userId, invitation: token });
  };
  return {
    db,
    team,
    client: client.app,
    received: client.received,
    send: client.publishForReply,
    ask,
    profile: async ({ join = true, ...fields } = {}) => {
      const saved = await ask(SaveTeamProfile, { userId: randomUUID(), company: 'Acme', ...fields });
      if (join && saved.company) await joinCompany(saved.userId, saved.company);
      return saved;
    },
    founders,
    sql: adminSql(db),
    close: async () => {
      await client.close();
      await team.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}
