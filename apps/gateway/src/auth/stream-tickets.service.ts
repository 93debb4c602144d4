import { Inject, Injectable } from '@nestjs/common';

import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import type { AuthenticatedUser } from './auth.decorators';
import { hashToken, newToken } from './credentials';
import { SessionRepository } from './session.repository';

export interface StreamTicketResponse {
  ticket: string;
  expiresAt: string;
}

/**
 * Stream tickets: `GET /v1/events?ticket=` for an EventSource that cannot send a bearer header.
 * A ticket opens one stream, within STREAM_TICKET_TTL_SECONDS, as the session that asked for it;
 * redeeming is one conditional UPDATE, so two replicas can never both accept the same ticket.
 */
@Injectable()
export class StreamTickets {
  constructor(
    private readonly sessions: SessionRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async issue(user: AuthenticatedUser): Promise<StreamTicketResponse> {
    const { token, tokenHash } = newToken();
    const expiresAt = new Date(Date.now() + this.config.STREAM_TICKET_TTL_SECONDS * 1_000);
    await this.sessions.issueTicket(user.sessionId, tokenHash, expiresAt);
    return { ticket: token, expiresAt: expiresAt.toISOString() };
  }

  /** The session id behind an unused, unexpired ticket, which is spent by this call; else null. */
  redeem(ticket: string): Promise<string | null> {
    return this.sessions.redeemTicket(hashToken(ticket));
  }
}
