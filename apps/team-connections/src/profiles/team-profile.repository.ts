import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { TeamProfile } from './team-profile.entity';

export type ProfileData = Omit<TeamProfile, 'id' | 'createdAt' | 'updatedAt'>;

/** pgvector's HNSW indexes vectors of up to 2,000 dimensions. */
const HNSW_MAX_DIMENSIONS = 2_000;

/**
 * The only code that touches the ORM for profiles. Writes take the caller's EntityManager (a
 * transaction's); reads without one use a fresh context.
 */
@Injectable()
export class TeamProfileRepository {
  constructor(private readonly em: EntityManager) {}

  findByUser(userId: string, em: EntityManager = this.em.fork()): Promise<TeamProfile | null> {
    return em.findOne(TeamProfile, { userId });
  }

  /** Creates or replaces the user's profile in one statement, so two first saves cannot collide. */
  async save(data: ProfileData, inTransaction?: EntityManager): Promise<TeamProfile> {
    const em = inTransaction ?? this.em.fork();
    const now = new Date();
    await em.upsert(TeamProfile, { id: randomUUID(), ...data, createdAt: now, updatedAt: now }, { onConflictFields: ['userId'], onConflictExcludeFields: ['id', 'createdAt'] });
    // Read back untracked: a managed copy would be flushed again at commit, moving its updatedAt past what the caller was given.
    return inTransaction ? em.findOneOrFail(TeamProfile, { userId: data.userId }, { refresh: true, disableIdentityMap: true }) : em.fork().findOneOrFail(TeamProfile, { userId: data.userId });
  }

  /** Profiles with text but no vectors of this model, locked and skipped by other replicas' sweeps. */
  async findStale(em: EntityManager, model: string, limit: number): Promise<TeamProfile[]> {
    const rows = await em.execute(
      `select * from "team"."user_profiles_extended"
       where "embedding_model" is distinct from ? and ("role" is not null or "expertise_areas" <> '[]' or "project_experience" <> '[]')
       order by "updated_at" limit ? for update skip locked`,
      [model, limit],
    );
    return rows.map((row) => em.map(TeamProfile, row));
  }

  async setEmbeddings(em: EntityManager, profile: TeamProfile, embeddings: Pick<TeamProfile, 'embedding' | 'experienceEmbedding' | 'embeddingModel' | 'embeddingDimensions'>): Promise<void> {
    em.assign(profile, embeddings);
    await em.flush();
  }

  /** An HNSW index for this vector size (the migration made the offline model's): matching casts to it. */
  async ensureVectorIndex(dimensions: number): Promise<boolean> {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > HNSW_MAX_DIMENSIONS) return false;
    await this.em
      .fork()
      .execute(
        `create index if not exists "user_profiles_extended_embedding_${dimensions}_hnsw_idx" on "team"."user_profiles_extended" using hnsw (("embedding"::vector(${dimensions})) vector_cosine_ops) where "embedding_dimensions" = ${dimensions}`,
        [],
        'run',
      );
    return true;
  }

  deleteOf(em: EntityManager, userId: string): Promise<number> {
    return em.nativeDelete(TeamProfile, { userId });
  }
}
