import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import type { z } from 'zod';

import { CommandRejected, IdentityAccepted, IdentityArchived, IdentityProposed, IdentityRefinementCompleted, IdentityUpdated, UserErased, type DurableContract, type Envelope } from '@tandem/contracts';
import { MESSAGING_ENTITIES, MessageBus, MessagingLifecycle, MessagingModule, Migration20261123000000Messaging, QueryClient, serveQueries, type MessageMeta } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';
import { createTestDatabase, deleteBusStreams, expectEventually, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { identitiesOrmConfig } from '../src/mikro-orm.config';

/** What the identities service says back: every event a client would hear from it. */
export const OUTCOMES: DurableContract[] = [IdentityProposed, IdentityUpdated, IdentityAccepted, IdentityRefinementCompleted, IdentityArchived, CommandRejected, UserErased];

/**
 * Another service on the bus (as the coach will be): its own schema with an outbox and inbox,
 * which sends commands and queries and records every identities event it receives.
 */
const clientOrmConfig = (clientUrl: string) =>
  defineServiceConfig({ service: 'gateway', entities: [...MESSAGING_ENTITIES], migrations: [Migration20261123000000Messaging], migrationsPath: join(__dirname, 'migrations'), clientUrl });

export interface IdentitiesBed {
  db: TestDatabase;
  identities: INestApplication;
  client: INestApplication;
  /** Every outcome the client received, in arrival order. */
  received: Envelope[];
  /** Sends a durable command (or event) from the client; resolves with the one message it caused. */
  send<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): Promise<Envelope>;
  ask: QueryClient['ask'];
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The identities service as Nest builds it (queries served too) and a client app, on a fresh database. */
export async function startIdentities(): Promise<IdentitiesBed> {
  const db = await createTestDatabase({ identities: identitiesOrmConfig, gateway: clientOrmConfig });
  Object.assign(process.env, { IDENTITIES_DATABASE_URL: db.urlFor('identities'), LOG_LEVEL: 'silent' });

  const identities = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
  await identities.init();
  await serveQueries(identities, 'identities');

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
  return {
    db,
    identities,
    client,
    received,
    send,
    ask: (contract, request, options) => queries.ask(contract, request, options),
    sql,
    close: async () => {
      await client.close();
      await identities.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}
