import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { ReasonType, RequestStatus, SuggestionStatus } from '@tandem/contracts';

import type { Reason } from '../matching/matching';

/** One suggestion of one colleague to one requestor (table team.connection_suggestions). */
@Entity({ tableName: 'connection_suggestions' })
export class ConnectionSuggestion {
  [OptionalProps]?: 'status' | 'responseAt' | 'createdAt' | 'updatedAt' | 'testScenarioId' | 'requestStatus' | 'requestAnsweredAt';

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

  /** The organisation both belonged to when it was made: its analytics and outcome counts. */
  @Property({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  /** The pair's features (matching.pairFeatures), counted again when the suggestion is answered. */
  @Property({ type: 'json' })
  pairFeatures!: string[];

  /** Double opt-in: set to pending when the requestor connects; the colleague accepts or declines. */
  @Property({ type: 'string', length: 20, nullable: true })
  requestStatus: RequestStatus | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  requestAnsweredAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}
