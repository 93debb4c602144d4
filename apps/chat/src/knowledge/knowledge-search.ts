import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { EMBEDDINGS, type ModelEmbeddings } from '../llm/llm.providers';
import { KnowledgeRepository, type FoundPassage } from './knowledge.repository';

/** Knowledge passages relevant to a message, by meaning (cosine distance of embeddings). */
@Injectable()
export class KnowledgeSearch {
  private readonly logger = new Logger(KnowledgeSearch.name);

  constructor(
    private readonly knowledge: KnowledgeRepository,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
  ) {}

  /** Best first; empty (not an error) when embedding the text fails: a turn goes on without knowledge. */
  async relevantTo(em: EntityManager, text: string, limit: number, category?: string): Promise<FoundPassage[]> {
    if (limit === 0) return [];
    let vector: number[];
    try {
      vector = await this.embeddings.embedQuery(text);
    } catch (error) {
      this.logger.warn(`knowledge search skipped, embedding failed: ${(error as Error).message}`);
      return [];
    }
    return this.knowledge.nearest(em, vector, this.embeddings.embeddingModelInfo, limit, category);
  }
}
