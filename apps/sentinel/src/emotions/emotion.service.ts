import { Injectable } from '@nestjs/common';

import type { EmotionView, ListEmotions, PayloadOf } from '@tandem/contracts';

import { SentinelError, SentinelErrorCode } from '../sentinel.errors';
import { toEmotionView } from './emotion.mapper';
import { EmotionRepository } from './emotion.repository';

@Injectable()
export class EmotionService {
  constructor(private readonly emotions: EmotionRepository) {}

  async list({ userId, from, to, limit }: PayloadOf<typeof ListEmotions>): Promise<EmotionView[]> {
    const range = { from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
    if (range.from && range.to && range.from >= range.to) throw new SentinelError(SentinelErrorCode.BAD_RANGE, '`from` must be before `to`');
    return (await this.emotions.list({ userId, ...range, limit })).map(toEmotionView);
  }
}
