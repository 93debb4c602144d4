import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { MemoryClass } from '@tandem/contracts';
import { VectorType } from '@tandem/persistence';

/** One message the user wrote, kept as said (table sentinel.episodes); its id is chat's message id. */
@Entity({ tableName: 'episodes' })
export class Episode {
  [OptionalProps]?: 'memoryClass' | 'conversationId' | 'context' | 'createdAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'uuid', nullable: true })
  conversationId: string | null = null;

  @Property({ type: 'text' })
  content!: string;

  /** The user's two previous messages in the same conversation, whose words it may lean on ("she" for "my mum"). */
  @Property({ type: 'text', nullable: true })
  context: string | null = null;

  /** Sensitivity of the message, for consent and retention. */
  @Property({ type: 'text' })
  memoryClass: MemoryClass = 'other';

  /** When the user said it (the chat message's createdAt). */
  @Property({ columnType: 'timestamptz', type: 'Date' })
  saidAt!: Date;

  @Property({ type: VectorType, length: 100, lazy: true })
  embedding!: number[];

  @Property({ type: 'text' })
  embeddingModel!: string;

  @Property({ type: 'integer' })
  embeddingDimensions!: number;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}
