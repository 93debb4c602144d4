import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { MemoryClass, NoteCategory } from '@tandem/contracts';
import { VectorType } from '@tandem/persistence';

/** One remembered fact about one user (table sentinel.user_notes); current while validTo is null. */
@Entity({ tableName: 'user_notes' })
export class UserNote {
  [OptionalProps]?: 'memoryClass' | 'subject' | 'sourceMessageId' | 'validFrom' | 'validTo' | 'supersededBy' | 'createdAt' | 'updatedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The gateway's user id; no foreign key across services, erasure follows user.deleted. */
  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  note!: string;

  @Property({ type: 'text' })
  category!: NoteCategory;

  /** Sensitivity, for consent and retention (health and emotions are kept only with consent). */
  @Property({ type: 'text' })
  memoryClass: MemoryClass = 'other';

  /** The single-valued thing it is about ('employer', 'home', 'partner'); a newer value supersedes it. */
  @Property({ type: 'text', nullable: true })
  subject: string | null = null;

  @Property({ type: 'float' })
  confidence!: number;

  /** chat's message id, a plain uuid (no foreign key across services). */
  @Property({ type: 'uuid', nullable: true })
  sourceMessageId: string | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  validFrom: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  validTo: Date | null = null;

  /** The note that replaced this one (foreign key on user_notes, set null when that one is deleted). */
  @Property({ type: 'uuid', nullable: true })
  supersededBy: string | null = null;

  /** Lazy: a hundred floats nobody reads back; searches compare it in SQL. */
  @Property({ type: VectorType, length: 100, lazy: true })
  embedding!: number[];

  @Property({ type: 'text' })
  embeddingModel!: string;

  @Property({ type: 'integer' })
  embeddingDimensions!: number;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}
