import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import type { Episode } from './episode.entity';

export type NewEpisode = Pick<Episode, 'id' | 'userId' | 'conversationId' | 'content' | 'saidAt' | 'embedding' | 'embeddingModel' | 'embeddingDimensions' | 'testScenarioId'>;

/** The only code that writes episodes (searches read them in MemorySearchRepository). */
@Injectable()
export class EpisodeRepository {
  /** One episode per chat message, whatever redelivers it: an existing id is left as it is. */
  async create(em: EntityManager, episode: NewEpisode): Promise<void> {
    await em.execute(
      `insert into "sentinel"."episodes" ("id", "user_id", "conversation_id", "content", "said_at", "embedding", "embedding_model", "embedding_dimensions", "test_scenario_id")
       values (?, ?, ?, ?, ?, ?::vector, ?, ?, ?) on conflict ("id") do nothing`,
      [episode.id, episode.userId, episode.conversationId, episode.content, episode.saidAt, toSql(episode.embedding), episode.embeddingModel, episode.embeddingDimensions, episode.testScenarioId],
      'run',
    );
  }
}
