import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { EmbeddingModelInfo } from '@tandem/llm';
import type { KeysetCursor } from '@tandem/messaging';

import { KnowledgePassage } from './knowledge-passage.entity';

export interface FoundPassage {
  id: string;
  title: string;
  content: string;
  distance: number;
}

export type PassageText = Pick<KnowledgePassage, 'category' | 'contentType' | 'title' | 'content' | 'tags'>;

/** A vector size, checked before it is written into SQL (sizes cannot be bind parameters). */
function size(dimensions: number): number {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16_000) throw new Error(`Bad embedding size ${dimensions}`);
  return dimensions;
}

/** A passage's columns without its embedding (large, and not mapped). */
const PASSAGE_COLUMNS = '"id", "category", "content_type", "title", "content", "tags", "metadata", "embedding_model", "embedding_dimensions", "created_at", "updated_at"';

const literal = (vector: number[]) => `[${vector.join(',')}]`;

/**
 * The only code that touches the knowledge base. Vectors of one size are searched through that
 * size's partial HNSW index on `embedding::vector(n)` (cosine), which needs the cast and the
 * size predicate spelled exactly as the index has them.
 */
@Injectable()
export class KnowledgeRepository {
  constructor(private readonly em: EntityManager) {}

  async create(em: EntityManager, text: PassageText): Promise<KnowledgePassage> {
    const now = new Date();
    const passage = em.create(KnowledgePassage, { id: randomUUID(), ...text, metadata: null, embeddingModel: null, embeddingDimensions: null, createdAt: now, updatedAt: now });
    await em.flush();
    return passage;
  }

  findById(em: EntityManager, id: string): Promise<KnowledgePassage | null> {
    return em.findOne(KnowledgePassage, { id });
  }

  findByIds(em: EntityManager, ids: string[]): Promise<KnowledgePassage[]> {
    return em.find(KnowledgePassage, { id: { $in: ids } });
  }

  /**
   * The newest passages after `after` (by created_at, then id), optionally of one category, each
   * with its created_at to the microsecond (`key`: the seeded passages share one now(), which a
   * JS Date would round) for the next page's cursor.
   */
  async newest(category: string | undefined, limit: number, after?: KeysetCursor): Promise<Array<{ passage: KnowledgePassage; key: string }>> {
    const em = this.em.fork();
    const where = ['true'];
    const params: unknown[] = [];
    if (category) (where.push('"category" = ?'), params.push(category));
    if (after) (where.push('("created_at", "id") < (?::timestamptz, ?::uuid)'), params.push(after.at, after.id));
    const rows = await em.execute<Array<Record<string, unknown> & { key: string }>>(
      `select ${PASSAGE_COLUMNS}, to_char("created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "key" from "chat"."coach_knowledge_base"
       where ${where.join(' and ')} order by "created_at" desc, "id" desc limit ?`,
      [...params, limit],
    );
    return rows.map(({ key, ...row }) => ({ passage: em.map(KnowledgePassage, row), key }));
  }

  /** Clears a passage's embedding (its text changed): it is embedded again before it is found again. */
  async clearEmbedding(em: EntityManager, id: string): Promise<void> {
    await em.execute(`update "chat"."coach_knowledge_base" set "embedding" = null, "embedding_model" = null, "embedding_dimensions" = null where "id" = ?`, [id], 'run');
  }

  /** The migration creates the offline model's index (100); another model's size gets its own here. */
  async ensureIndex(em: EntityManager, dimensions: number): Promise<void> {
    const n = size(dimensions);
    await em.execute(
      `create index if not exists "coach_knowledge_base_embedding_${n}_hnsw_idx" on "chat"."coach_knowledge_base" using hnsw (("embedding"::vector(${n})) vector_cosine_ops) where "embedding_dimensions" = ${n}`,
      [],
      'run',
    );
  }

  /** Passages without an embedding of this model, locked until the caller's transaction ends. */
  needingEmbedding(em: EntityManager, info: EmbeddingModelInfo): Promise<KnowledgePassage[]> {
    return em.find(KnowledgePassage, { $or: [{ embeddingModel: null }, { embeddingModel: { $ne: info.model } }, { embeddingDimensions: { $ne: info.dimensions } }] }, { orderBy: { id: 'asc' } });
  }

  /** The embedding is derived from the text, so storing it leaves updated_at (the text's last change) alone. */
  async setEmbedding(em: EntityManager, id: string, vector: number[], info: EmbeddingModelInfo): Promise<void> {
    await em.execute(
      `update "chat"."coach_knowledge_base" set "embedding" = ?::vector, "embedding_model" = ?, "embedding_dimensions" = ? where "id" = ?`,
      [literal(vector), info.model, info.dimensions, id],
      'run',
    );
  }

  /** The `limit` passages nearest to `vector` by cosine distance, embedded by the same model (and of `category`, when given). */
  async nearest(em: EntityManager, vector: number[], info: EmbeddingModelInfo, limit: number, category?: string): Promise<FoundPassage[]> {
    const n = size(info.dimensions);
    const distance = `("embedding"::vector(${n})) <=> ?::vector(${n})`;
    const rows = await em.execute<Array<{ id: string; title: string; content: string; distance: number }>>(
      `select "id", "title", "content", ${distance} as "distance" from "chat"."coach_knowledge_base"
       where "embedding_dimensions" = ${n} and "embedding_model" = ?${category ? ' and "category" = ?' : ''} order by ${distance} limit ?`,
      [literal(vector), info.model, ...(category ? [category] : []), literal(vector), limit],
    );
    return rows.map((row) => ({ ...row, distance: Number(row.distance) }));
  }
}
