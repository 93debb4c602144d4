import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';

import type { CreateKnowledge, KnowledgeView, PayloadOf, ResponseOf, SearchKnowledge, UpdateKnowledge } from '@tandem/contracts';
import { MessageBus, keysetAfter, offsetAfter, offsetPageOf, pageOf } from '@tandem/messaging';

import { ChatError } from '../chat.errors';
import { KnowledgeIndexer } from './knowledge-indexer';
import type { KnowledgePassage } from './knowledge-passage.entity';
import { KnowledgeRepository } from './knowledge.repository';
import { KnowledgeSearch } from './knowledge-search';

export function toKnowledgeView(passage: KnowledgePassage): KnowledgeView {
  return {
    id: passage.id,
    category: passage.category,
    contentType: passage.contentType,
    title: passage.title,
    content: passage.content,
    tags: passage.tags,
    embeddingModel: passage.embeddingModel,
    createdAt: passage.createdAt.toISOString(),
    updatedAt: passage.updatedAt.toISOString(),
  };
}

/**
 * Admins' edits of the knowledge base. A new or changed text is embedded at once; when the
 * embeddings are unavailable it is stored without one, and KnowledgeIndexer embeds it at the
 * next start (until then the coach does not find it).
 */
@Injectable()
export class KnowledgeAdminService {
  private readonly logger = new Logger(KnowledgeAdminService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly bus: MessageBus,
    private readonly knowledge: KnowledgeRepository,
    private readonly indexer: KnowledgeIndexer,
    private readonly search: KnowledgeSearch,
  ) {}

  create({ category, contentType, title, content, tags }: PayloadOf<typeof CreateKnowledge>): Promise<KnowledgeView> {
    return this.bus.transaction(async ({ em }) => {
      const passage = await this.knowledge.create(em, { category, contentType, title, content, tags });
      await this.embedNow(em, passage);
      return toKnowledgeView(passage);
    });
  }

  update({ knowledgeId, category, contentType, title, content, tags }: PayloadOf<typeof UpdateKnowledge>): Promise<KnowledgeView> {
    const changes = Object.fromEntries(Object.entries({ category, contentType, title, content, tags }).filter(([, value]) => value !== undefined));
    return this.bus.transaction(async ({ em }) => {
      const passage = await this.owned(em, knowledgeId);
      const textChanged = (changes.title !== undefined && changes.title !== passage.title) || (changes.content !== undefined && changes.content !== passage.content);
      em.assign(passage, { ...changes, updatedAt: new Date() });
      await em.flush();
      if (textChanged) {
        await this.knowledge.clearEmbedding(em, passage.id);
        Object.assign(passage, { embeddingModel: null, embeddingDimensions: null });
        await this.embedNow(em, passage);
      }
      return toKnowledgeView(passage);
    });
  }

  async remove(knowledgeId: string): Promise<{ deleted: true }> {
    await this.bus.transaction(async ({ em }) => em.remove(await this.owned(em, knowledgeId)).flush());
    return { deleted: true };
  }

  /**
   * A page: by meaning when there is `q` (with cosine distances; the cursor an offset into the
   * ranking, computed again per page), else the newest (keyset on created_at, id).
   */
  async find({ q, category, limit, cursor }: PayloadOf<typeof SearchKnowledge>): Promise<ResponseOf<typeof SearchKnowledge>> {
    if (!q) {
      const rows = await this.knowledge.newest(category, limit + 1, keysetAfter(cursor));
      const page = pageOf(rows, limit, (last) => ({ at: last.key, id: last.passage.id }));
      return { items: page.items.map(({ passage }) => ({ ...toKnowledgeView(passage), distance: null })), nextCursor: page.nextCursor };
    }
    const offset = offsetAfter(cursor);
    const em = this.em.fork();
    const found = (await this.search.relevantTo(em, q, offset + limit + 1, category)).slice(offset);
    const passages = new Map(
      (
        await this.knowledge.findByIds(
          em,
          found.map((hit) => hit.id),
        )
      ).map((passage) => [passage.id, passage]),
    );
    const hits = found.filter((hit) => passages.has(hit.id)).map((hit) => ({ ...toKnowledgeView(passages.get(hit.id)!), distance: hit.distance }));
    return offsetPageOf(hits, offset, limit);
  }

  private async owned(em: EntityManager, id: string): Promise<KnowledgePassage> {
    const passage = await this.knowledge.findById(em, id);
    if (!passage) throw ChatError.knowledgeNotFound();
    return passage;
  }

  private async embedNow(em: EntityManager, passage: KnowledgePassage): Promise<void> {
    try {
      await this.indexer.embed(em, [passage]);
    } catch (error) {
      this.logger.warn(`passage ${passage.id} stored without an embedding for now: ${(error as Error).message}`);
    }
  }
}
