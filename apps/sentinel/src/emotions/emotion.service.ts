import { Injectable } from '@nestjs/common';

import type { ListEmotions, PayloadOf, ResponseOf } from '@tandem/contracts';
import { keysetAfter, keysetPageOf } from '@tandem/messaging';

import { SentinelError, SentinelErrorCode } from '../sentinel.errors';
import { toEmotionView } from './emotion.mapper';
import { EmotionRepository } from './emotion.repository';

@Injectable()
export class EmotionService {
  constructor(private readonly emotions: EmotionRepository) {}

  /** Newest first, a page at a time: keyset on (createdAt, id). */
  async list({ userId, from, to, cursor, limit }: PayloadOf<typeof ListEmotions>): Promise<ResponseOf<typeof ListEmotions>> {
    const range = { from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
    if (range.from && range.to && range.from >= range.to) throw new SentinelError(SentinelErrorCode.BAD_RANGE, '`from` must be before `to`');
    const rows = await this.emotions.list({ userId, ...range, after: keysetAfter(cursor), limit: limit + 1 });
    return keysetPageOf(rows.map(toEmotionView), limit, (last) => ({ at: last.createdAt, id: last.id }));
  }
}
