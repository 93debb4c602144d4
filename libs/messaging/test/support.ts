import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';

import { defineEvent } from '@tandem/contracts';
import { defineServiceConfig } from '@tandem/persistence';
import { createTestDatabase, type TestDatabase } from '@tandem/testing';

import { BusNames, connectNats, MESSAGING_ENTITIES, MESSAGING_MIGRATIONS, OutboxRelay, provisionStreams, streamConfigs, type RelayOptions } from '../src';

/** A test-only event: the messaging library does not care what a message means. */
export const WorkRequested = defineEvent({
  type: 'test.work-requested',
  version: 1,
  owner: 'test',
  description: 'Test event',
  payload: z.object({ key: z.string(), n: z.number().int() }),
  example: { key: 'a', n: 1 },
});

/** One row per handler run that committed: counting them counts effects. */
@Entity({ tableName: 'effects' })
export class Effect {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'uuid' })
  messageId!: string;

  @Property({ type: 'text' })
  replica!: string;
}

class CreateEffects extends Migration {
  override up(): void {
    this.addSql('create table "coach_state"."effects" ("id" serial primary key, "message_id" uuid not null, "replica" text not null)');
  }
}

export const ormConfigFor = (clientUrl: string) =>
  defineServiceConfig({
    service: 'coach-state',
    entities: [...MESSAGING_ENTITIES, Effect],
    migrations: [...MESSAGING_MIGRATIONS, CreateEffects],
    migrationsPath: join(__dirname, 'migrations'),
    clientUrl,
  });

export const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A migrated database, a NATS namespace of this file's own with its streams, and helpers. */
export class MessagingBed {
  readonly names = new BusNames(`t${randomBytes(4).toString('hex')}`);
  db!: TestDatabase;
  nc!: NatsConnection;
  js!: JetStreamClient;
  jsm!: JetStreamManager;
  private readonly closers: Array<() => Promise<unknown>> = [];

  async setUp(): Promise<this> {
    this.db = await createTestDatabase({ 'coach-state': ormConfigFor });
    this.nc = await connectNats('messaging-test');
    this.js = jetstream(this.nc);
    this.jsm = await jetstreamManager(this.nc);
    await provisionStreams(this.jsm, this.names);
    return this;
  }

  /** An ORM instance as one replica of the service would have. */
  async orm(): Promise<MikroORM> {
    const orm = await MikroORM.init({ ...this.db.ormConfig('coach-state'), debug: false });
    this.closers.unshift(() => orm.close(true));
    return orm;
  }

  relay(orm: MikroORM, js = this.js, options: Partial<RelayOptions> = {}): OutboxRelay {
    const relay = new OutboxRelay(orm, js, this.names, silentLogger, options);
    this.closers.unshift(() => relay.stop());
    return relay;
  }

  /** Every message currently stored on a subject, oldest first (read by sequence: NATS 2.9 has no multi-filter consumers). */
  async storedOn(subject: string): Promise<Array<{ data: unknown; headers: Record<string, string> }>> {
    const stream = streamConfigs(this.names, { replicas: 1 }).find((config) => subject.startsWith(config.subjects[0]!.slice(0, -1)))!.name;
    const { state } = await this.jsm.streams.info(stream);
    const out: Array<{ data: unknown; headers: Record<string, string> }> = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const msg = await this.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!msg || msg.subject !== subject) continue;
      const headers: Record<string, string> = {};
      for (const [key, values] of msg.header ?? []) headers[key] = values.join(',');
      out.push({ data: parseOrRaw(msg.string()), headers });
    }
    return out;
  }

  onTearDown(close: () => Promise<unknown>): void {
    this.closers.unshift(close);
  }

  async tearDown(): Promise<void> {
    for (const close of this.closers) await close().catch(() => undefined);
    for (const config of streamConfigs(this.names, { replicas: 1 })) await this.jsm?.streams.delete(config.name).catch(() => undefined);
    await this.nc?.close();
    await this.db?.drop();
  }
}
