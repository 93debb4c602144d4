import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { Session } from '../accounts/account.entities';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import type { AuthenticatedUser } from './auth.decorators';
import { hashToken, newToken } from './credentials';
import { StreamTicket } from './stream-ticket.entity';

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
    private readonly em: EntityManager,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async issue(user: AuthenticatedUser): Promise<StreamTicketResponse> {
    const em = this.em.fork();
    const { token, tokenHash } = newToken();
    const expiresAt = new Date(Date.now() + this.config.STREAM_TICKET_TTL_SECONDS * 1_000);
    // The session's spent and stale tickets go as it asks for a new one; the rest cascade with it.
    await em.nativeDelete(StreamTicket, { session: user.sessionId, $or: [{ usedAt: { $ne: null } }, { expiresAt: { $lt: new Date() } }] });
    em.create(StreamTicket, { id: randomUUID(), session: em.getReference(Session, user.sessionId), ticketHash: tokenHash, expiresAt });
    await em.flush();
    return { ticket: token, expiresAt: expiresAt.toISOString() };
  }

  /** The session id behind an unused, unexpired ticket, which is spent by this call; else null. */
  async redeem(ticket: string): Promise<string | null> {
    const em = this.em.fork();
    const ticketHash = hashToken(ticket);
    const spent = await em.nativeUpdate(StreamTicket, { ticketHash, usedAt: null, expiresAt: { $gt: new Date() } }, { usedAt: new Date() });
    if (spent !== 1) return null;
    const row = await em.findOne(StreamTicket, { ticketHash }, { fields: ['session'] });
    return row ? row.session.id : null;
  }
}
