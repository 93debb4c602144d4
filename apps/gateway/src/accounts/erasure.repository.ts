import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { recordErasure } from '@tandem/messaging';

import { ErasureRequest, User, UserEvent } from './account.entities';

/**
 * The only code that touches the ORM for erasures (accounts.erasure_requests, and the account
 * rows an erasure removes). Writes take the caller's transaction; reads use a fresh context.
 */
@Injectable()
export class ErasureRepository {
  constructor(private readonly em: EntityManager) {}

  forUser(userId: string): Promise<ErasureRequest | null> {
    return this.em.fork().findOne(ErasureRequest, { userId });
  }

  forReceipt(receiptId: string): Promise<ErasureRequest | null> {
    return this.em.fork().findOne(ErasureRequest, { receiptId });
  }

  findInTransaction(em: EntityManager, userId: string): Promise<ErasureRequest | null> {
    return em.findOne(ErasureRequest, { userId });
  }

  /** Freezes the account and records the request (in the caller's transaction). */
  async start(em: EntityManager, userId: string, requestedAt: Date): Promise<ErasureRequest> {
    const user = await em.findOneOrFail(User, userId);
    user.deletionRequestedAt = requestedAt;
    return em.create(ErasureRequest, { userId, requestedAt, confirmations: {}, receiptId: randomUUID() });
  }

  /**
   * The account's own rows: the account (sessions cascade), the events kept for its streams, and
   * a tombstone that drops any later message about it (recordErasure also removes its outbox
   * rows). Answers how many rows went.
   */
  async eraseAccount(em: EntityManager, userId: string): Promise<number> {
    await recordErasure(em, userId);
    const events = await em.nativeDelete(UserEvent, { userId });
    return (await em.nativeDelete(User, { id: userId })) + events;
  }
}
