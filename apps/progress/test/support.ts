import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { CheckInDue, CommandRejected, CommitmentChanged, EnergyLogged, GoalChanged, InsightFound, ReportGenerated, UserErased, type DurableContract, type Envelope } from '@tandem/contracts';
import { MessageBus, serveQueries, type QueryClient } from '@tandem/messaging';
import { adminSql, busClientOrmConfig, createTestDatabase, deleteBusStreams, startBusClient, type AdminSql, type BusClient, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { CheckInScheduler } from '../src/check-ins/check-in-scheduler';
import { progressOrmConfig } from '../src/mikro-orm.config';
import { ProgressService } from '../src/progress/progress.service';
import { ReportScheduler } from '../src/reports/report-scheduler';

/** Everything progress says that a client hears. */
export const OUTCOMES: DurableContract[] = [GoalChanged, CommitmentChanged, EnergyLogged, CheckInDue, ReportGenerated, InsightFound, CommandRejected, UserErased];

export interface ProgressReplica {
  app: INestApplication;
  service: ProgressService;
  scheduler: CheckInScheduler;
  reports: ReportScheduler;
  bus: MessageBus;
}

export interface ProgressBed {
  db: TestDatabase;
  /** The replicas running now (the first serves queries). */
  replicas: ProgressReplica[];
  /** Starts one more replica of progress (its own scheduler, consumers and relay). */
  addReplica(): Promise<ProgressReplica>;
  client: BusClient;
  received: Envelope[];
  ask: QueryClient['ask'];
  sql: AdminSql;
  close(): Promise<void>;
}

/**
 * progress as Nest builds it, `replicas` times in this process (each with its own scheduler), on a
 * fresh database, and a client app that records every progress event and asks its queries.
 */
export async function startProgress(env: Record<string, string> = {}, replicas = 1): Promise<ProgressBed> {
  const db = await createTestDatabase({ progress: progressOrmConfig, gateway: busClientOrmConfig('gateway') });
  Object.assign(process.env, { PROGRESS_DATABASE_URL: db.urlFor('progress'), LOG_LEVEL: 'silent', PROGRESS_SCHEDULER_INTERVAL_MS: '100', ...env });
  const running: ProgressReplica[] = [];
  const addReplica = async () => {
    const app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    await app.init();
    if (!running.length) await serveQueries(app, 'progress');
    const replica = { app, service: app.get(ProgressService), scheduler: app.get(CheckInScheduler), reports: app.get(ReportScheduler), bus: app.get(MessageBus) };
    running.push(replica);
    return replica;
  };
  for (let index = 0; index < replicas; index++) await addReplica();
  const client = await startBusClient(db, { consume: OUTCOMES });
  return {
    db,
    replicas: running,
    addReplica,
    client,
    received: client.received,
    ask: client.ask,
    sql: adminSql(db),
    close: async () => {
      await client.close();
      for (const replica of running) await replica.app.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}
