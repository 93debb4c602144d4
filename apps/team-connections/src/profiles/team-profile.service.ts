import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';

import { TeamProfileSaved, type PayloadOf, type SaveTeamProfile, type TeamProfileView } from '@tandem/contracts';
import { MessageBus, type Transaction } from '@tandem/messaging';

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
    private readonly bus: MessageBus,
    private readonly profiles: TeamProfileRepository,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
  ) {}

  /**
   * Creates or replaces the profile; the vectors are computed before the write, outside any
   * transaction. A test scenario writes its profiles in its message's transaction, tagged.
   * team.profile.saved (the name and strengths, for the coach's context) goes out in the same
   * transaction.
   */
  async save({ userId, displayName, ...fields }: PayloadOf<typeof SaveTeamProfile>, scenario?: { tx: Transaction; testScenarioId: string }): Promise<TeamProfileView> {
    const expertiseAreas = canonicalExpertise(fields.expertiseAreas);
    const embedded = await this.embed(fields.role, expertiseAreas, fields.projectExperience);
    const write = async (tx: Transaction) => {
      const view = toTeamProfileView(await this.write(tx, userId, displayName, fields, expertiseAreas, embedded, scenario?.testScenarioId ?? null));
      tx.emit(TeamProfileSaved, { userId, displayName: view.displayName, strengths: view.strengths, updatedAt: view.updatedAt }, { userId });
      return view;
    };
    return scenario ? write(scenario.tx) : this.bus.transaction(write, { userId });
  }

  private write(
    tx: Transaction,
    userId: string,
    displayName: string | null,
    fields: Omit<PayloadOf<typeof SaveTeamProfile>, 'userId' | 'displayName'>,
    expertiseAreas: string[],
    embedded: Embedded,
    testScenarioId: string | null,
  ): Promise<TeamProfile> {
    return this.profiles.save(
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
        testScenarioId,
        ...embedded,
      },
      tx.em,
    );
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
