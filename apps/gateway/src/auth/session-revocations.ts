import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';

import { SESSION_REVOKED, liveSubject, type LiveMessage, type SessionRevoked } from '@tandem/contracts';
import { BUS_NAMES, NATS_CONNECTION, type BusNames } from '@tandem/messaging';

/**
 * Tells every gateway replica that sessions ended, on the user's live subject, so the event
 * streams opened with them close at once. Best effort: a stream also checks its session at every
 * heartbeat, so a lost notice costs at most one heartbeat interval.
 */
@Injectable()
export class SessionRevocations {
  private readonly logger = new Logger(SessionRevocations.name);

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMES) private readonly names: BusNames,
  ) {}

  /** `sessionIds` absent: all the user's sessions. */
  announce(userId: string, sessionIds?: string[]): void {
    const data: SessionRevoked = sessionIds ? { sessionIds } : {};
    const message: LiveMessage = { type: SESSION_REVOKED, data };
    try {
      this.nc.publish(this.names.subject(liveSubject(userId)), JSON.stringify(message));
    } catch (error) {
      this.logger.warn(`could not announce revoked sessions of ${userId}: ${(error as Error).message}`);
    }
  }
}
