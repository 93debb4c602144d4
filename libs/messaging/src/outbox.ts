import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';

import type { DurableContract, Envelope } from '@tandem/contracts';

import { OutboxMessage } from './messaging.entities';
import { currentTraceparent } from './telemetry';

/** Who and what a message belongs to; the ids travel in the envelope and in NATS headers. */
export interface MessageMeta {
  /** Defaults to the message's own id: a new chain of causes. */
  correlationId?: string;
  causationId?: string | null;
  userId?: string | null;
  testScenarioId?: string | null;
  /** Defaults to the active trace context (OpenTelemetry), if any. */
  traceparent?: string;
}

/** Meta for a message caused by another: same correlation, user and scenario. */
export function causedBy(envelope: Envelope): MessageMeta {
  return {
    correlationId: envelope.correlationId,
    causationId: envelope.id,
    userId: envelope.userId,
    testScenarioId: envelope.testScenarioId,
  };
}

export function createEnvelope<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): Envelope<z.output<C['payload']>> {
  const id = randomUUID();
  return {
    id,
    type: contract.type,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    correlationId: meta.correlationId ?? id,
    causationId: meta.causationId ?? null,
    userId: meta.userId ?? null,
    testScenarioId: meta.testScenarioId ?? null,
    // A producer that breaks its own contract fails here, inside its transaction.
    payload: contract.payload.parse(payload) as z.output<C['payload']>,
  };
}

/** The outbox row of a message, as recordMessage and outboxRow both build it. */
function outboxFields<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta: MessageMeta): OutboxMessage {
  const envelope = createEnvelope(contract, payload, meta);
  return {
    id: envelope.id,
    subject: contract.subject,
    envelope,
    // The trace the message continues: given, or the one the recording code runs in.
    traceparent: meta.traceparent ?? currentTraceparent() ?? null,
    createdAt: new Date(),
    publishedAt: null,
    attempts: 0,
  };
}

/**
 * Records a message in the outbox of the transaction `em` belongs to. It is published only if
 * that transaction commits; returns the outbox row (whose id is the message id).
 */
export function recordMessage<C extends DurableContract>(em: EntityManager, contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): OutboxMessage {
  const row = em.create(OutboxMessage, outboxFields(contract, payload, meta));
  em.persist(row);
  return row;
}

/** The row recordMessage would write, left to the caller to write (`outboxInsert`): the ORM never sees it. */
export function outboxRow<C extends DurableContract>(contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): OutboxMessage {
  return Object.assign(new OutboxMessage(), outboxFields(contract, payload, meta));
}

/**
 * The statement that writes outbox rows (outboxRow's) with the columns and values recordMessage's
 * flush writes, for a caller that folds them into a statement of its own (a data-modifying
 * `with`): on a hot path, one statement instead of the unit of work's. With `when` (an SQL
 * condition, no parameters), only if it holds. Null when there is no row.
 */
export function outboxInsert(em: EntityManager, rows: readonly OutboxMessage[], when?: string): { sql: string; params: unknown[] } | null {
  if (!rows.length) return null;
  const table = `"${em.getMetadata(OutboxMessage).schema ?? em.config.get('schema')}"."outbox"`;
  const values = rows.map(() => '(?::uuid, ?::text, ?::jsonb, ?::text, ?::timestamptz, ?::timestamptz, ?::integer)').join(', ');
  return {
    sql: `insert into ${table} ("id", "subject", "envelope", "traceparent", "created_at", "published_at", "attempts")
      select * from (values ${values}) as "row"${when ? ` where ${when}` : ''}`,
    params: rows.flatMap((row) => [row.id, row.subject, JSON.stringify(row.envelope), row.traceparent, row.createdAt, row.publishedAt, row.attempts]),
  };
}
