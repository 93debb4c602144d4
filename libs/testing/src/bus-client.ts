import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import type { z } from 'zod';

import type { DurableContract, Envelope } from '@tandem/contracts';
import { MESSAGING_ENTITIES, MessageBus, MessagingLifecycle, MessagingModule, MESSAGING_MIGRATIONS, QueryClient, type MessageMeta } from '@tandem/messaging';
import { defineServiceConfig, type ServiceName } from '@tandem/persistence';

import { expectEventually } from './expect-eventually';
import type { OrmConfigFactory, TestDatabase } from './test-database';

/**
 * The ORM config of a bus client: another service's schema holding only an outbox and inbox.
 * Pass it to createTestDatabase under the same service name as startBusClient's `as`.
 */
export const busClientOrmConfig =
  (service: ServiceName = 'gateway'): OrmConfigFactory =>
  (clientUrl) =>
    defineServiceConfig({ service, entities: [...MESSAGING_ENTITIES], migrations: MESSAGING_MIGRATIONS, migrationsPath: join(__dirname, 'migrations'), clientUrl });

export interface BusClientOptions {
  /** The contracts whose messages the client records in `received`. */
  consume: DurableContract[];
  /** Whose schema the client uses; the database must have been created with busClientOrmConfig for it. */
  as?: ServiceName;
}

export interface BusClient {
  app: INestApplication;
  /** Every consumed message, in arrival order. */
  received: Envelope[];
  /** Publishes from the client as the payload's user (unless meta says otherwise); resolves with the message id. */
  publish<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): Promise<string>;
  /** Publishes under a fresh correlation id; resolves with the one consumed message that carries it back. */
  publishForReply<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta?: MessageMeta): Promise<Envelope>;
  ask: QueryClient['ask'];
  close(): Promise<void>;
}

/** Another service on the bus, for a service under test to talk to. */
export async function startBusClient(db: TestDatabase, { consume, as = 'gateway' }: BusClientOptions): Promise<BusClient> {
  @Module({ imports: [MikroOrmModule.forRoot(db.ormConfig(as)), MessagingModule.forRoot({ service: 'test-client', relayIntervalMs: 100 })] })
  class BusClientModule {}
  const app = (await Test.createTestingModule({ imports: [BusClientModule] }).compile()).createNestApplication({ logger: false });
  await app.init();

  const received: Envelope[] = [];
  const lifecycle = app.get(MessagingLifecycle);
  for (const contract of consume) await lifecycle.consume(contract, async (_payload, { envelope }) => void received.push(envelope));

  const bus = app.get(MessageBus);
  const publish: BusClient['publish'] = (contract, payload, meta = {}) => {
    const userId = (payload as { userId?: string }).userId ?? null;
    return bus.transaction(async ({ emit }) => emit(contract, payload, { userId, ...meta }));
  };
  const queries = app.get(QueryClient);
  return {
    app,
    received,
    publish,
    publishForReply: async (contract, payload, meta = {}) => {
      const correlationId = randomUUID();
      await publish(contract, payload, { correlationId, ...meta });
      return expectEventually(() => {
        const replies = received.filter((envelope) => envelope.correlationId === correlationId);
        expect(replies).toHaveLength(1);
        return replies[0]!;
      });
    },
    // A test waits for the answer, not for a latency: a cold service on a loaded machine may take seconds to answer its first question.
    ask: (contract, request, options) => queries.ask(contract, request, { timeoutMs: 15_000, ...options }),
    close: () => app.close(),
  };
}

export type AdminSql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** Queries the test database as its superuser, to look past the services' roles; one connection a call. */
export function adminSql(db: Pick<TestDatabase, 'adminUrl'>): AdminSql {
  return async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const pg = new Client({ connectionString: db.adminUrl });
    await pg.connect();
    try {
      return (await pg.query(text, params)).rows as T[];
    } finally {
      await pg.end();
    }
  };
}
