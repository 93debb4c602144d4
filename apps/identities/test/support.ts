import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { z } from 'zod';

import {
  CommandRejected,
  IdentityAccepted,
  IdentityArchived,
  IdentityProposed,
  IdentityRefinementCompleted,
  IdentityUpdated,
  UserErased,
  type DurableContract,
  type Envelope,
} from '@tandem/contracts';
import { serveQueries, type MessageMeta, type QueryClient } from '@tandem/messaging';
import { adminSql, busClientOrmConfig, createTestDatabase, deleteBusStreams, startBusClient, type AdminSql, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { identitiesOrmConfig } from '../src/mikro-orm.config';

/** What the identities service says back: every event a client would hear from it. */
export const OUTCOMES: DurableContract[] = [IdentityProposed, IdentityUpdated, IdentityAccepted, IdentityRefinementCompleted, IdentityArchived, CommandRejected, UserErased];

export interface IdentitiesBed {
  db: TestDatabase;
  identities: INestApplication;
  client: INestApplication;
  /** Every outcome the client received, in arrival order. */
  received: Envelope[];
  /** Sends a durable command (or event) from the client; resolves with the one message it caused. */
  send<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): Promise<Envelope>;
  ask: QueryClient['ask'];
  sql: AdminSql;
  close(): Promise<void>;
}

/**
 * The identities service as Nest builds it (queries served too) and a client app, on a fresh database:
 * another service on the bus (as the coach will be) that sends commands and queries and records every identities event.
 */
export async function startIdentities(consume: DurableContract[] = OUTCOMES): Promise<IdentitiesBed> {
  const db = await createTestDatabase({ identities: identitiesOrmConfig, gateway: busClientOrmConfig('gateway') });
  Object.assign(process.env, { IDENTITIES_DATABASE_URL: db.urlFor('identities'), LOG_LEVEL: 'silent' });

  const identities = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
  await identities.init();
  await serveQueries(identities, 'identities');

  const client = await startBusClient(db, { consume });

  return {
    db,
    identities,
    client: client.app,
    received: client.received,
    send: client.publishForReply,
    ask: client.ask,
    sql: adminSql(db),
    close: async () => {
      await client.close();
      await identities.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}
