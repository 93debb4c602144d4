import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { EmotionValence } from '@tandem/contracts';

/** A mood snapshot read from one user message (table sentinel.emotions). */
@Entity({ tableName: 'emotions' })
export class Emotion {
  [OptionalProps]?: 'messageId' | 'conversationId' | 'createdAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  /** chat's message id, unique: one reading per message. */
  @Property({ type: 'uuid', nullable: true })
  messageId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  conversationId: string | null = null;

  @Property({ type: 'text' })
  valence!: EmotionValence;

  /** 1 (barely) to 10 (overwhelming). */
  @Property({ type: 'smallint' })
  intensity!: number;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}
