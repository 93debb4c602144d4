import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Migration } from '@mikro-orm/migrations';

import type { Envelope } from '@tandem/contracts';

/** A message recorded in the same transaction as the change it announces; the relay publishes it. */
@Entity({ tableName: 'outbox' })
export class OutboxMessage {
  /** Also the envelope id and the Nats-Msg-Id, so a re-publish is dropped by JetStream. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The contract subject (without any test namespace). */
  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'jsonb' })
  envelope!: Envelope;

  @Property({ type: 'text', nullable: true })
  traceparent: string | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts = 0;
}

/** Messages a consumer has applied, written in the same transaction as the handler's effects. */
@Entity({ tableName: 'inbox' })
@Index({ properties: ['processedAt'] })
export class InboxMessage {
  /** The durable consumer (service and subject) that applied it. */
  @PrimaryKey({ type: 'text' })
  consumer!: string;

  @PrimaryKey({ type: 'uuid' })
  messageId!: string;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  processedAt: Date = new Date();
}

export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];

/** Every service lists this first among its migrations: the outbox and inbox in its own schema. */
export class Migration20261123000000Messaging extends Migration {
  override up(): void {
    const schema = this.config.get('schema');
    this.addSql(`create table "${schema}"."outbox" (
      "id" uuid primary key,
      "subject" text not null,
      "envelope" jsonb not null,
      "traceparent" text null,
      "created_at" timestamptz not null default now(),
      "published_at" timestamptz null,
      "attempts" integer not null default 0)`);
    // The relay only ever looks for unsent rows, oldest first.
    this.addSql(`create index "outbox_unpublished_idx" on "${schema}"."outbox" ("created_at") where "published_at" is null`);
    this.addSql(`create table "${schema}"."inbox" (
      "consumer" text not null,
      "message_id" uuid not null,
      "processed_at" timestamptz not null default now(),
      primary key ("consumer", "message_id"))`);
    this.addSql(`create index "inbox_processed_at_index" on "${schema}"."inbox" ("processed_at")`);
  }

  override down(): void {
    const schema = this.config.get('schema');
    this.addSql(`drop table if exists "${schema}"."inbox"`);
    this.addSql(`drop table if exists "${schema}"."outbox"`);
  }
}
