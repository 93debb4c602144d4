import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { IdentityCategory, IdentityState } from '@tandem/contracts';

/** One identity of one user (table identities.identities); the lifecycle rules live in identity-lifecycle.ts. */
@Entity({ tableName: 'identities' })
export class Identity {
  [OptionalProps]?: 'affirmation' | 'visualization' | 'state' | 'archivedAt' | 'createdAt' | 'updatedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The gateway's user id; no foreign key across services, erasure follows user.deleted. */
  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  category!: IdentityCategory;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  affirmation: string | null = null;

  @Property({ type: 'text', nullable: true })
  visualization: string | null = null;

  @Property({ type: 'text' })
  state: IdentityState = 'PROPOSED';

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  archivedAt: Date | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}

export const IDENTITY_ENTITIES = [Identity];
