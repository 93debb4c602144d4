import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { CoachingPhase, CoachStateView } from '@tandem/contracts';

export type Progress = CoachStateView['progress'];

/** One per user: where they are in the coaching journey. */
@Entity({ tableName: 'coach_states' })
export class CoachState {
  [OptionalProps]?: 'currentIdentityId' | 'proposedIdentityId' | 'createdAt' | 'updatedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid', unique: true })
  userId!: string;

  @Property({ type: 'text' })
  currentPhase!: CoachingPhase;

  /** Ids of identities owned by the identities service: no foreign key across schemas; cleared on archive or erasure by events. */
  @Property({ type: 'uuid', nullable: true })
  currentIdentityId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  proposedIdentityId: string | null = null;

  @Property({ type: 'json' })
  progress!: Progress;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}

export function toView(state: CoachState): CoachStateView {
  return {
    userId: state.userId,
    currentPhase: state.currentPhase,
    currentIdentityId: state.currentIdentityId,
    proposedIdentityId: state.proposedIdentityId,
    progress: state.progress,
    updatedAt: state.updatedAt.toISOString(),
  };
}
