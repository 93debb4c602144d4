import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { ListEmotions, ListEmotionsV1, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { EmotionService } from './emotion.service';

/** The user's recorded emotions over a time range, for the gateway. */
@Controller()
export class EmotionQueriesController {
  constructor(private readonly emotions: EmotionService) {}

  @AnswerQuery(ListEmotions)
  list(@Payload() request: PayloadOf<typeof ListEmotions>): Promise<ResponseOf<typeof ListEmotions>> {
    return this.emotions.list(request);
  }

  /** Version 1's callers get the first page, without its cursor. */
  @AnswerQuery(ListEmotionsV1)
  async listV1(@Payload() request: PayloadOf<typeof ListEmotionsV1>): Promise<ResponseOf<typeof ListEmotionsV1>> {
    return { items: (await this.emotions.list(request)).items };
  }
}
