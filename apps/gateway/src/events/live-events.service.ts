import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type MessageEvent, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Observable } from 'rxjs';

import {
  COACH_TOKEN,
  LIVE_EVENTS_HANDLER,
  NoteDeleted,
  SESSION_REVOKED,
  coachTokenSchema,
  liveMessageSchema,
  liveSubject,
  sessionRevokedSchema,
  USER_FACING_EVENTS,
  type LiveMessage,
  type PayloadOf,
  type SessionRevoked,
} from '@tandem/contracts';
import { BUS_NAMES, MessagingLifecycle, NATS_CONNECTION, type BusNames, type HandlerContext } from '@tandem/messaging';

import { UserEvent } from '../accounts/account.entities';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { GatewayError, GatewayErrorCode } from '../gateway.errors';

const REPLAY_LIMIT = 1_000;

/** Durable events a user sees: kept for their streams and passed on live. */

/**
 * The user's live event stream. Durable events whose contract `notifiesUser` are kept in
 * `user_events` (one shared durable consumer per contract, so one replica stores each) and
 * announced on the user's core-NATS live subject; ephemeral messages (reply tokens) arrive on the
 * same subject straight from the services. Each SSE connection subscribes to its user's subject,
 * so events reach whichever replica holds the connection, and resumes from Last-Event-ID.
 */
@Injectable()
export class LiveEventsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LiveEventsService.name);
  /** Event streams open on this replica, per user. */
  private readonly openStreams = new Map<string, number>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMES) private readonly names: BusNames,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly messaging: MessagingLifecycle,
    private readonly em: EntityManager,
    private readonly auth: AuthService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const contract of USER_FACING_EVENTS) await this.messaging.consume(contract, (_payload, context) => this.keep(context), { handlerName: LIVE_EVENTS_HANDLER });
  }

  /** Stores the event for resume, then announces it to the user's open connections. */
  private async keep({ envelope, em }: HandlerContext): Promise<void> {
    if (!envelope.userId) return;
    // A note the user had forgotten is forgotten here too: no replay brings its text back.
    if (envelope.type === NoteDeleted.type) {
      const { noteId } = envelope.payload as PayloadOf<typeof NoteDeleted>;
      await em.execute(`delete from "accounts"."user_events" where "user_id" = ? and ("payload"->'note'->>'id' = ? or "payload"->'superseded'->>'id' = ?)`, [envelope.userId, noteId, noteId]);
    }
    // Raw, as the entity's columns: one statement on every user-facing event, no unit of work.
    const [event] = await em.execute<Array<{ id: string }>>(
      `insert into "accounts"."user_events" ("user_id", "event_id", "type", "payload", "occurred_at") values (?, ?, ?, ?::jsonb, ?) returning "id"`,
      [envelope.userId, envelope.id, envelope.type, JSON.stringify(envelope.payload), new Date(envelope.occurredAt)],
    );
    const live: LiveMessage = { id: String(event!.id), type: envelope.type, data: envelope.payload };
    this.nc.publish(this.names.subject(liveSubject(envelope.userId)), JSON.stringify(live));
  }

  /**
   * The caller's live events. The stream ends when its session does: on a revocation notice
   * (logout, password change, erasure), or at the first heartbeat that finds the session revoked,
   * expired or its account being erased. A user holds SSE_MAX_STREAMS_PER_USER at most per replica.
   */
  stream({ id: userId, sessionId }: AuthenticatedUser, lastEventId?: string): Observable<MessageEvent> {
    const open = this.openStreams.get(userId) ?? 0;
    if (open >= this.config.SSE_MAX_STREAMS_PER_USER) {
      throw new GatewayError(GatewayErrorCode.TOO_MANY_STREAMS, `At most ${this.config.SSE_MAX_STREAMS_PER_USER} event streams at once; close one first`);
    }
    return new Observable<MessageEvent>((subscriber) => {
      this.openStreams.set(userId, (this.openStreams.get(userId) ?? 0) + 1);
      const sent = new Set<string>();
      let buffer: LiveMessage[] | null = lastEventId ? [] : null; // live messages held back while replaying
      const emit = (message: LiveMessage) => {
        if (message.id && sent.has(message.id)) return;
        if (message.id) sent.add(message.id);
        subscriber.next({ id: message.id, type: message.type, data: message.data as object });
      };
      const unsubscribe = this.listen(userId, (message) => {
        if (message.type === SESSION_REVOKED) {
          const { sessionIds } = message.data as SessionRevoked;
          if (!sessionIds || sessionIds.includes(sessionId)) subscriber.complete();
          return; // the gateway's own notice, never the user's
        }
        if (buffer) buffer.push(message);
        else emit(message);
      });
      const heartbeat = setInterval(() => {
        subscriber.next({ type: 'heartbeat', data: {} });
        void this.auth
          .isLive(sessionId)
          .then((live) => live || subscriber.complete())
          .catch((error: Error) => this.logger.warn(`could not check the session of a stream: ${error.message}`));
      }, this.config.SSE_HEARTBEAT_MS);
      if (lastEventId) {
        void this.replay(userId, lastEventId)
          .then((missed) => missed.forEach(emit))
          .catch((error: Error) => this.logger.error(`replay for ${userId} failed: ${error.message}`))
          .finally(() => {
            const held = buffer ?? [];
            buffer = null;
            held.forEach(emit);
          });
      }
      return () => {
        clearInterval(heartbeat);
        unsubscribe();
        const left = (this.openStreams.get(userId) ?? 1) - 1;
        if (left) this.openStreams.set(userId, left);
        else this.openStreams.delete(userId);
      };
    });
  }

  /**
   * Calls `onMessage` with each live message for the user that matches its contract, until the
   * returned function is called. Anything else on the subject is dropped and logged, never passed
   * on; and nothing `onMessage` throws can stop this subscription or any other.
   */
  listen(userId: string, onMessage: (message: LiveMessage) => void): () => void {
    const subscription = this.nc.subscribe(this.names.subject(liveSubject(userId)), {
      callback: (error, msg) => {
        if (error) return;
        const message = parseLiveMessage(safeJson(msg.string()));
        if (!message) return this.logger.warn(`dropped a live message for ${userId} that matches no contract`);
        try {
          onMessage(message);
        } catch (thrown) {
          this.logger.error(`a live message for ${userId} (${message.type}) could not be delivered: ${(thrown as Error).message}`);
        }
      },
    });
    return () => subscription.unsubscribe();
  }

  private async replay(userId: string, lastEventId: string): Promise<LiveMessage[]> {
    if (!/^\d{1,18}$/.test(lastEventId)) return [];
    const events = await this.em.fork().find(UserEvent, { userId, id: { $gt: lastEventId } }, { orderBy: { id: 'asc' }, limit: REPLAY_LIMIT });
    return events.map((event) => ({ id: String(event.id), type: event.type, data: event.payload }));
  }
}

/** What may travel on a live subject: a reply's piece, an event of a contract that notifies users, or the gateway's session notice, each valid. */
const LIVE_PAYLOADS = new Map<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>([
  [COACH_TOKEN, coachTokenSchema],
  [SESSION_REVOKED, sessionRevokedSchema],
  ...USER_FACING_EVENTS.map((contract) => [contract.type, contract.payload] as const),
]);

export function parseLiveMessage(raw: unknown): LiveMessage | null {
  const message = liveMessageSchema.safeParse(raw);
  if (!message.success) return null;
  const data = LIVE_PAYLOADS.get(message.data.type)?.safeParse(message.data.data);
  return data?.success ? { ...message.data, data: data.data } : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
