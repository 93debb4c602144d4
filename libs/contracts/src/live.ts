import { z } from 'zod';

/**
 * Ephemeral messages for one user's open clients (coach reply tokens, and durable events the
 * gateway forwards), on core NATS: not stored, not replayed. Every gateway replica subscribes per
 * open connection, so the user's events reach whichever replica holds it.
 */
export function liveSubject(userId: string): string {
  return `live.user.${userId}`;
}

export const liveMessageSchema = z.object({
  /** Set for durable events (the gateway's user-event id, usable as Last-Event-ID); absent for ephemeral ones. */
  id: z.string().optional(),
  type: z.string().min(1),
  data: z.unknown(),
});

export type LiveMessage = z.infer<typeof liveMessageSchema>;

/** The live message type of one piece of a coach reply as the model streams it. */
export const COACH_TOKEN = 'chat.token';

/** `data` of a chat.token live message: `index` orders the pieces of one reply (to userMessageId). */
export const coachTokenSchema = z.object({ conversationId: z.uuid(), userMessageId: z.uuid(), index: z.number().int().nonnegative(), text: z.string() });
export type CoachToken = z.infer<typeof coachTokenSchema>;

/**
 * The live message type the gateway sends itself (never to a user) when sessions end: every
 * replica closes the event streams opened with them. `sessionIds` absent: all the user's sessions.
 */
export const SESSION_REVOKED = 'session.revoked';
export const sessionRevokedSchema = z.object({ sessionIds: z.array(z.uuid()).min(1).optional() });
export type SessionRevoked = z.infer<typeof sessionRevokedSchema>;
