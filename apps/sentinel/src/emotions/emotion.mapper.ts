import type { EmotionView } from '@tandem/contracts';

import type { Emotion } from './emotion.entity';

export function toEmotionView(emotion: Emotion): EmotionView {
  return {
    id: emotion.id,
    userId: emotion.userId,
    messageId: emotion.messageId,
    conversationId: emotion.conversationId,
    valence: emotion.valence,
    intensity: emotion.intensity,
    createdAt: emotion.createdAt.toISOString(),
  };
}
