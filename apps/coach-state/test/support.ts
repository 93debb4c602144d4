import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { MessageBus, QueryClient, serveQueries } from '@tandem/messaging';
import { adminSql, createTestDatabase, deleteBusStreams, type AdminSql, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { coachStateOrmConfig } from '../src/mikro-orm.config';

export interface CoachStateBed {
  db: TestDatabase;
  app: INestApplication;
  bus: MessageBus;
  queries: QueryClient;
  sql: AdminSql;
  close(): Promise<void>;
}

/** The coach-state service as Nest builds it (queries served), on a fresh database and bus namespace. */
export async function startCoachState(): Promise<CoachStateBed> {
  const db = await createTestDatabase({ 'coach-state': coachStateOrmConfig });
  Object.assign(process.env, { COACH_STATE_DATABASE_URL: db.urlFor('coach-state'), LOG_LEVEL: 'silent' });
  const app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
  await serveQueries(app, 'coach-state');
  return {
    db,
    app,
    bus: app.get(MessageBus),
    queries: app.get(QueryClient),
    sql: adminSql(db),
    close: async () => {
      await app.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}
