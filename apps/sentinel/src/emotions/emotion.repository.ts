import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { KeysetCursor } from '@tandem/messaging';

import { Emotion } from './emotion.entity';

export type NewEmotion = Pick<Emotion, 'id' | 'userId' | 'messageId' | 'conversationId' | 'valence' | 'intensity' | 'createdAt' | 'testScenarioId'>;

export interface EmotionRange {
  userId: string;
  from?: Date;
  to?: Date;
  /** Only emotions after this one in the order below (the page's cursor). */
  after?: KeysetCursor;
  limit: number;
}

/** The only code that touches emotions. */
@Injectable()
export class EmotionRepository {
  constructor(private readonly em: EntityManager) {}

  async create(em: EntityManager, data: NewEmotion): Promise<Emotion> {
    const emotion = em.create(Emotion, data);
    await em.flush();
    return emotion;
  }

  /** from <= createdAt < to, newest first, then by id so pages are stable (served by the (user_id, created_at) index). */
  list({ userId, from, to, after, limit }: EmotionRange): Promise<Emotion[]> {
    const createdAt = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
    const next = after ? { $or: [{ createdAt: { $lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { $gt: after.id } }] } : {};
    return this.em.fork().find(Emotion, { userId, ...(from || to ? { createdAt } : {}), ...next }, { orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], limit });
  }
}
