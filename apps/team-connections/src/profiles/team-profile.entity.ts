import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { AvailabilityStatus, ProjectExperience, StrengthsSummary, TeamProfileView } from '@tandem/contracts';
import { VectorType } from '@tandem/persistence';

/** One per user (table team.user_profiles_extended): what matching reads, and the profile's embeddings. */
@Entity({ tableName: 'user_profiles_extended' })
export class TeamProfile {
  [OptionalProps]?: 'embedding' | 'experienceEmbedding' | 'embeddingModel' | 'embeddingDimensions' | 'createdAt' | 'updatedAt' | 'testScenarioId';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The gateway's user id; no foreign key across services, erasure follows user.deleted. */
  @Property({ type: 'uuid', unique: true })
  userId!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  displayName!: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  company!: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  department!: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  role!: string | null;

  @Property({ type: 'json', nullable: true })
  strengthsSummary!: StrengthsSummary | null;

  /** Lower case (canonicalTerm), so the GIN index answers `expertise_areas ?| phrases` exactly. */
  @Property({ type: 'json' })
  expertiseAreas!: string[];

  @Property({ type: 'json' })
  projectExperience!: ProjectExperience[];

  @Property({ type: 'json' })
  collaborationPreferences!: TeamProfileView['collaborationPreferences'];

  @Property({ type: 'string', length: 50 })
  availabilityStatus!: AvailabilityStatus;

  @Property({ type: 'boolean' })
  connectionOptIn!: boolean;

  /** Role and expertise: "what they know". Lazy: matching compares it in SQL, nothing reads it here. */
  @Property({ type: VectorType, nullable: true, lazy: true })
  embedding: number[] | null = null;

  /** Project experience: "what they have been through", for similar challenges. */
  @Property({ type: VectorType, nullable: true, lazy: true })
  experienceEmbedding: number[] | null = null;

  @Property({ type: 'text', nullable: true })
  embeddingModel: string | null = null;

  @Property({ type: 'integer', nullable: true })
  embeddingDimensions: number | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  testScenarioId: string | null = null;
}
