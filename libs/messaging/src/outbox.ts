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

/**
 * Records a message in the outbox of the transaction `em` belongs to. It is published only if
 * that transaction commits; returns the outbox row (whose id is the message id).
 */
export function recordMessage<C extends DurableContract>(em: EntityManager, contract: C, payload: z.input<C['payload']>, meta: MessageMeta = {}): OutboxMessage {
  const envelope = createEnvelope(contract, payload, meta);
  const row = em.create(OutboxMessage, {
    id: envelope.id,
    subject: contract.subject,
    envelope,
    // The trace the message continues: given, or the one the recording code runs in.
    traceparent: meta.traceparent ?? currentTraceparent() ?? null,
    createdAt: new Date(),
    publishedAt: null,
    attempts: 0,
  });
  em.persist(row);
  return row;
}
