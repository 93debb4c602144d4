import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One passage of coaching knowledge (document 003's coach_knowledge_base). Its embedding is
 * written by KnowledgeIndexer and searched with raw SQL (KnowledgeRepository), so the vector
 * column is not mapped here.
 */
@Entity({ tableName: 'coach_knowledge_base' })
export class KnowledgePassage {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'string', length: 100 })
  category!: string;

  @Property({ type: 'string', length: 100 })
  contentType!: string;

  @Property({ type: 'string', length: 255 })
  title!: string;

  @Property({ type: 'text' })
  content!: string;

  @Property({ type: 'json' })
  tags!: string[];

  @Property({ type: 'json', nullable: true })
  metadata: Record<string, unknown> | null = null;

  @Property({ type: 'text', nullable: true })
  embeddingModel: string | null = null;

  @Property({ type: 'integer', nullable: true })
  embeddingDimensions: number | null = null;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt!: Date;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  updatedAt!: Date;
}
