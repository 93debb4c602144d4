import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { CoachingPhase, IdentityCategory, IdentityState } from '@tandem/contracts';

/** The user's coach state as coach-state last announced it (coach-state.changed). */
@Entity({ tableName: 'coach_contexts' })
export class CoachContext {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  phase!: CoachingPhase;

  @Property({ type: 'uuid', nullable: true })
  currentIdentityId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  proposedIdentityId: string | null = null;

  /** The state's own updatedAt: an older announcement never overwrites a newer one. */
  @Property({ columnType: 'timestamptz', type: 'Date' })
  updatedAt!: Date;
}

/** An identity as the identities service last announced it (identity.* events). */
@Entity({ tableName: 'identity_snapshots' })
export class IdentitySnapshot {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  category!: IdentityCategory;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  state!: IdentityState;

  @Property({ type: 'text', nullable: true })
  affirmation: string | null = null;

  @Property({ type: 'text', nullable: true })
  visualization: string | null = null;

  @Property({ type: 'boolean' })
  archived!: boolean;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  updatedAt!: Date;
}
