import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';

import type { PayloadOf, SaveTeamProfile, TeamProfileView } from '@tandem/contracts';

import { EMBEDDINGS, type ModelEmbeddings } from '../embeddings/embeddings.provider';
import { TeamError } from '../team.errors';
import type { TeamProfile } from './team-profile.entity';
import { toTeamProfileView } from './team-profile.mapper';
import { TeamProfileRepository } from './team-profile.repository';
import { canonicalExpertise, experienceText, profileText } from './profile-texts';

type Embedded = Pick<TeamProfile, 'embedding' | 'experienceEmbedding' | 'embeddingModel' | 'embeddingDimensions'>;

/** Team profiles: saved whole by their owner, embedded with the configured model for matching. */
@Injectable()
export class TeamProfileService {
  private readonly logger = new Logger('TeamProfiles');

  constructor(
    private readonly orm: MikroORM,
    private readonly profiles: TeamProfileRepository,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
  ) {}

  /**
   * Creates or replaces the profile; the vectors are computed before the write, outside any
   * transaction. A test scenario writes its profiles in its message's transaction, tagged.
   */
  async save({ userId, displayName, ...fields }: PayloadOf<typeof SaveTeamProfile>, scenario?: { em: EntityManager; testScenarioId: string }): Promise<TeamProfileView> {
    const expertiseAreas = canonicalExpertise(fields.expertiseAreas);
    const embedded = await this.embed(fields.role, expertiseAreas, fields.projectExperience);
    const profile = await this.profiles.save(
      {
        userId,
        displayName,
        company: fields.company,
        department: fields.department,
        role: fields.role,
        strengthsSummary: fields.strengths,
        expertiseAreas,
        projectExperience: fields.projectExperience,
        collaborationPreferences: fields.collaborationPreferences,
        availabilityStatus: fields.availability,
        connectionOptIn: fields.connectionOptIn,
        testScenarioId: scenario?.testScenarioId ?? null,
        ...embedded,
      },
      scenario?.em,
    );
    return toTeamProfileView(profile);
  }

  async get(userId: string): Promise<TeamProfileView> {
    const profile = await this.profiles.findByUser(userId);
    if (!profile) throw TeamError.profileNotFound();
    return toTeamProfileView(profile);
  }

  /**
   * Re-embeds profiles whose vectors come from another model (after a model change), a batch at a
   * time; replicas skip each other's locked rows. Returns how many it re-embedded.
   */
  async reembedStale(batch = 50): Promise<number> {
    const { model } = this.embeddings.embeddingModelInfo;
    return this.orm.em.fork().transactional(async (em) => {
      const stale = await this.profiles.findStale(em, model, batch);
      for (const profile of stale) await this.profiles.setEmbeddings(em, profile, await this.embed(profile.role, profile.expertiseAreas, profile.projectExperience));
      if (stale.length) this.logger.log(`re-embedded ${stale.length} profiles with ${model}`);
      return stale.length;
    });
  }

  ensureVectorIndex(): Promise<boolean> {
    return this.profiles.ensureVectorIndex(this.embeddings.embeddingModelInfo.dimensions);
  }

  /** Both vectors in one call; an empty text gets no vector rather than a meaningless one. */
  private async embed(role: string | null, expertiseAreas: string[], projects: PayloadOf<typeof SaveTeamProfile>['projectExperience']): Promise<Embedded> {
    const texts = [profileText(role, expertiseAreas, projects), experienceText(projects)];
    const wanted = texts.filter(Boolean);
    if (wanted.length === 0) return { embedding: null, experienceEmbedding: null, embeddingModel: null, embeddingDimensions: null };
    const vectors = await this.embeddings.embedDocuments(wanted);
    const [embedding, experienceEmbedding] = texts.map((text) => (text ? vectors.shift()! : null));
    const { model, dimensions } = this.embeddings.embeddingModelInfo;
    return { embedding: embedding ?? null, experienceEmbedding: experienceEmbedding ?? null, embeddingModel: model, embeddingDimensions: dimensions };
  }
}
