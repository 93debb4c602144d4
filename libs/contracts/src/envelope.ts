import { z } from 'zod';

/**
 * The one envelope every message travels in. The ids are repeated in NATS headers (see
 * HEADER in @tandem/messaging) so they can be read without parsing the body.
 */
export const envelopeSchema = z.object({
  /** Unique per message; the outbox row id, and JetStream's Nats-Msg-Id for de-duplication. */
  id: z.uuid(),
  /** The contract's type, e.g. `user.registered`. */
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The id shared by everything one user action set off. */
  correlationId: z.uuid(),
  /** The id of the message that caused this one; null for a message started by a user or a timer. */
  causationId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  /** Set on every message that belongs to test-scenario data. */
  testScenarioId: z.uuid().nullable(),
  payload: z.unknown(),
});

export type Envelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };
