import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { ListEmotions, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { EmotionService } from './emotion.service';

/** The user's recorded emotions over a time range, for the gateway. */
@Controller()
export class EmotionQueriesController {
  constructor(private readonly emotions: EmotionService) {}

  @AnswerQuery(ListEmotions)
  async list(@Payload() request: PayloadOf<typeof ListEmotions>): Promise<ResponseOf<typeof ListEmotions>> {
    return { items: await this.emotions.list(request) };
  }
}
