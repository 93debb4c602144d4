import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { EMBEDDINGS, type ModelEmbeddings } from '../llm/llm.providers';
import type { KnowledgePassage } from './knowledge-passage.entity';
import { KnowledgeRepository } from './knowledge.repository';

/** Every replica asks for the same lock, so one embeds and the others then find nothing to do. */
const LOCK = 'chat.knowledge-embeddings';

/**
 * Embeds, at start, every passage that has no embedding of the configured model (new passages
 * from a migration, or all of them after the model changed). Idempotent and replica-safe.
 */
@Injectable()
export class KnowledgeIndexer implements OnApplicationBootstrap {
  private readonly logger = new Logger(KnowledgeIndexer.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly knowledge: KnowledgeRepository,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const embedded = await this.embedMissing();
      if (embedded) this.logger.log(`embedded ${embedded} knowledge passages with ${this.embeddings.embeddingModelInfo.model}`);
    } catch (error) {
      // The coach still answers without knowledge; the next start tries again.
      this.logger.error(`could not embed the knowledge base: ${(error as Error).message}`);
    }
  }

  /** Returns how many passages it embedded. */
  embedMissing(): Promise<number> {
    const info = this.embeddings.embeddingModelInfo;
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [LOCK]);
      await this.knowledge.ensureIndex(em, info.dimensions);
      return this.embed(em, await this.knowledge.needingEmbedding(em, info));
    });
  }

  /** Embeds the passages' title and text with the configured model, in the caller's transaction. */
  async embed(em: EntityManager, passages: KnowledgePassage[]): Promise<number> {
    if (!passages.length) return 0;
    const info = this.embeddings.embeddingModelInfo;
    const vectors = await this.embeddings.embedDocuments(passages.map((passage) => `${passage.title}. ${passage.content}`));
    for (const [index, passage] of passages.entries()) {
      await this.knowledge.setEmbedding(em, passage.id, vectors[index]!, info);
      Object.assign(passage, { embeddingModel: info.model, embeddingDimensions: info.dimensions });
    }
    return passages.length;
  }
}
