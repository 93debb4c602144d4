import { ArrayType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { CoachActionType, CoachingPhase } from '@tandem/contracts';

/** One version of a phase's system prompt; exactly one version per phase is active. */
@Entity({ tableName: 'prompts' })
export class Prompt {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  coachingPhase!: CoachingPhase;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'boolean' })
  isActive!: boolean;

  /** Text with {placeholders} that PromptRenderer fills per turn. */
  @Property({ type: 'text' })
  template!: string;

  /** The only actions the coach may take under this prompt; anything else is refused. */
  @Property({ type: ArrayType, columnType: 'text[]' })
  allowedActions!: CoachActionType[];

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt!: Date;
}
