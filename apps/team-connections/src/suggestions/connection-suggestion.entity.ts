import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { ReasonType, SuggestionStatus } from '@tandem/contracts';

import type { Reason } from '../matching/matching';

/** One suggestion of one colleague to one requestor (table team.connection_suggestions). */
@Entity({ tableName: 'connection_suggestions' })
export class ConnectionSuggestion {
  [OptionalProps]?: 'status' | 'responseAt' | 'createdAt' | 'updatedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  requestorId!: string;

  @Property({ type: 'uuid' })
  suggestedCollaboratorId!: string;

  @Property({ type: 'string', length: 100 })
  reasonType!: ReasonType;

  /** Written for the requestor; may quote their context. */
  @Property({ type: 'text' })
  reasonExplanation!: string;

  /** The reasons as data, best first: the collaborator's "why" is rendered from them, without the context. */
  @Property({ type: 'json' })
  reasonDetails!: Reason[];

  @Property({ type: 'text', nullable: true })
  context!: string | null;

  @Property({ type: 'float' })
  score!: number;

  @Property({ type: 'string', length: 50 })
  status: SuggestionStatus = 'suggested';

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  responseAt: Date | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}
