import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Emotion } from './emotion.entity';

export type NewEmotion = Pick<Emotion, 'id' | 'userId' | 'messageId' | 'conversationId' | 'valence' | 'intensity' | 'createdAt' | 'testScenarioId'>;

export interface EmotionRange {
  userId: string;
  from?: Date;
  to?: Date;
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

  /** from <= createdAt < to, newest first (served by the (user_id, created_at) index). */
  list({ userId, from, to, limit }: EmotionRange): Promise<Emotion[]> {
    const createdAt = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
    return this.em.fork().find(Emotion, { userId, ...(from || to ? { createdAt } : {}) }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit });
  }
}
