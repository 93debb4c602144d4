import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Session, User } from '../accounts/account.entities';
import { StreamTicket } from './stream-ticket.entity';

/** How a live session is found: by its id (a redeemed stream ticket's) or its token's hash. */
export type SessionKey = { id: string } | { tokenHash: string };

/** A live session and what a request needs of its user. */
export interface LiveSession {
  id: string;
  user: Pick<User, 'id' | 'isAdmin' | 'firstName' | 'lastSeenAt' | 'deletionRequestedAt'>;
}

interface LiveSessionRow {
  id: string;
  user_id: string;
  is_admin: boolean;
  first_name: string | null;
  last_seen_at: Date | string | null;
  deletion_requested_at: Date | string | null;
}

/**
 * The only code that touches accounts.sessions, the credentials side of accounts.users and
 * accounts.stream_tickets. Writes that belong to a caller's transaction take its EntityManager;
 * the rest use a fresh context of their own.
 */
@Injectable()
export class SessionRepository {
  constructor(private readonly em: EntityManager) {}

  /** Persisted with the caller's next flush (the registration's transaction, or the login's). */
  start(em: EntityManager, user: User, tokenHash: string, expiresAt: Date): Session {
    return em.create(Session, { id: randomUUID(), user, tokenHash, expiresAt });
  }

  /**
   * A live session (not revoked, not expired) with what requests need of its user, or null. Raw:
   * every authenticated request asks, so no entity is built, hydrated or tracked.
   */
  async findLive(key: SessionKey): Promise<LiveSession | null> {
    const [row] = await this.em.execute<LiveSessionRow[]>(
      `select s."id", s."user_id", u."is_admin", u."first_name", u."last_seen_at", u."deletion_requested_at"
       from "accounts"."sessions" s join "accounts"."users" u on u."id" = s."user_id"
       where ${'id' in key ? 's."id" = ?' : 's."token_hash" = ?'} and s."revoked_at" is null and s."expires_at" > ?`,
      ['id' in key ? key.id : key.tokenHash, new Date()],
    );
    if (!row) return null;
    return {
      id: row.id,
      user: {
        id: row.user_id,
        isAdmin: row.is_admin,
        firstName: row.first_name,
        lastSeenAt: row.last_seen_at === null ? null : new Date(row.last_seen_at),
        deletionRequestedAt: row.deletion_requested_at === null ? null : new Date(row.deletion_requested_at),
      },
    };
  }

  async touchLastSeen(userId: string, at: Date): Promise<void> {
    await this.em.fork().nativeUpdate(User, { id: userId }, { lastSeenAt: at });
  }

  async revoke(sessionId: string): Promise<void> {
    await this.em.fork().nativeUpdate(Session, { id: sessionId, revokedAt: null }, { revokedAt: new Date() });
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.em.fork().nativeUpdate(Session, { user: userId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** The new password hash, and every other live session of the user revoked, in one transaction; returns the sessions it ended. */
  changePassword(userId: string, passwordHash: string, keepSessionId: string): Promise<string[]> {
    return this.em.fork().transactional(async (tx) => {
      await tx.nativeUpdate(User, { id: userId }, { passwordHash });
      const others = (await tx.find(Session, { user: userId, revokedAt: null, id: { $ne: keepSessionId } }, { fields: ['id'] })).map((session) => session.id);
      if (others.length) await tx.nativeUpdate(Session, { id: { $in: others } }, { revokedAt: new Date() });
      return others;
    });
  }

  /** The user with their password hash (loaded only here), or null. */
  findWithPassword(where: { email: string } | { id: string }): Promise<User | null> {
    return this.em.fork().findOne(User, where, { populate: ['passwordHash'] });
  }

  /** A successful login: the user's last login and their new session, in one unit of work. */
  async recordLogin(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      await tx.nativeUpdate(User, { id: userId }, { lastLogin: new Date() });
      this.start(tx, tx.getReference(User, userId), tokenHash, expiresAt);
    });
  }

  /** A new ticket for the session, its spent and stale tickets deleted (the rest cascade with the session). */
  async issueTicket(sessionId: string, ticketHash: string, expiresAt: Date): Promise<void> {
    const em = this.em.fork();
    await em.nativeDelete(StreamTicket, { session: sessionId, $or: [{ usedAt: { $ne: null } }, { expiresAt: { $lt: new Date() } }] });
    em.create(StreamTicket, { id: randomUUID(), session: em.getReference(Session, sessionId), ticketHash, expiresAt });
    await em.flush();
  }

  /**
   * Spends an unused, unexpired ticket and gives its session's id; null otherwise. One conditional
   * UPDATE: two replicas can never both accept the same ticket.
   */
  async redeemTicket(ticketHash: string): Promise<string | null> {
    const em = this.em.fork();
    const spent = await em.nativeUpdate(StreamTicket, { ticketHash, usedAt: null, expiresAt: { $gt: new Date() } }, { usedAt: new Date() });
    if (spent !== 1) return null;
    const row = await em.findOne(StreamTicket, { ticketHash }, { fields: ['session'] });
    return row ? row.session.id : null;
  }
}
