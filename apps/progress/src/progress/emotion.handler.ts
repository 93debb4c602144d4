import { Injectable } from '@nestjs/common';

import { EmotionRecorded, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { inferredEnergy } from './inferred-energy';
import { ProgressService } from './progress.service';

/** Sentinel recorded an emotion in a user's message: progress keeps the energy it suggests (source INFERRED). */
@Injectable()
export class EmotionHandler {
  constructor(private readonly progress: ProgressService) {}

  @OnMessage(EmotionRecorded)
  async onEmotionRecorded({ emotion }: PayloadOf<typeof EmotionRecorded>, context: HandlerContext): Promise<void> {
    const note = `From a ${emotion.valence.toLowerCase()} emotion of intensity ${emotion.intensity}`;
    await this.progress.logEnergy(context, emotion.userId, inferredEnergy(emotion), 'INFERRED', note, context.envelope.testScenarioId ?? null, emotion.valence);
  }
}
