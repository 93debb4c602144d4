import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import type { MemoryClass, NoteCategory } from '@tandem/contracts';
import type { KeysetCursor } from '@tandem/messaging';

import { UserNote } from './note.entity';
import type { NoteFields } from './note.mapper';
import type { KnownNote } from './reconcile';

/** How many current notes of a category reconciliation compares a candidate with, nearest first. */
const RECONCILE_NEIGHBOURS = 50;

export type NewNote = Pick<
  UserNote,
  'id' | 'userId' | 'note' | 'category' | 'memoryClass' | 'subject' | 'confidence' | 'sourceMessageId' | 'validFrom' | 'embedding' | 'embeddingModel' | 'embeddingDimensions' | 'testScenarioId'
>;
export type NoteChanges = Partial<
  Pick<UserNote, 'note' | 'category' | 'memoryClass' | 'subject' | 'confidence' | 'sourceMessageId' | 'validTo' | 'supersededBy' | 'embedding' | 'embeddingModel' | 'embeddingDimensions'>
>;

export interface NoteListFilter {
  userId: string;
  category?: NoteCategory;
  includeHistory: boolean;
  /** Only notes after this one in the order below (the page's cursor). */
  after?: KeysetCursor;
  limit: number;
}

/** A note's row as NoteFields needs it, for raw reads (`noteFieldsOf`). */
export const NOTE_COLUMNS = `"id", "user_id", "note", "category", "memory_class", "confidence", "source_message_id", "valid_from", "valid_to", "superseded_by", "created_at", "updated_at"`;

export interface NoteRow {
  id: string;
  user_id: string;
  note: string;
  category: NoteCategory;
  memory_class: MemoryClass;
  confidence: number;
  source_message_id: string | null;
  valid_from: string | Date;
  valid_to: string | Date | null;
  superseded_by: string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

/** A raw row of NOTE_COLUMNS as the fields a note's view is made of (timestamps come as text). */
export function noteFieldsOf(row: NoteRow): NoteFields {
  return {
    id: row.id,
    userId: row.user_id,
    note: row.note,
    category: row.category,
    memoryClass: row.memory_class,
    confidence: Number(row.confidence),
    sourceMessageId: row.source_message_id,
    validFrom: new Date(row.valid_from),
    validTo: row.valid_to === null ? null : new Date(row.valid_to),
    supersededBy: row.superseded_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * The only code that touches user_notes, except searches (NoteSearchRepository). Writes take the
 * caller's transaction (a message handler's or MessageBus.transaction's) and flush, so raw
 * queries later in it see them; reads of their own use a fresh context.
 */
@Injectable()
export class NoteRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The user's current notes of a category, nearest in meaning first, with their cosine
   * similarity to `vector` (0 for notes embedded by another model: they cannot be compared).
   */
  async currentNeighbours(em: EntityManager, userId: string, category: NoteCategory, vector: number[], model: string): Promise<KnownNote[]> {
    const rows = await em.execute<Array<{ id: string; note: string; category: NoteCategory; subject: string | null; similarity: number }>>(
      `select "id", "note", "category", "subject", case when "embedding_model" = ? then 1 - ("embedding" <=> ?::vector) else 0 end as "similarity"
       from "sentinel"."user_notes" where "user_id" = ? and "category" = ? and "valid_to" is null
       order by "similarity" desc, "created_at" asc limit ${RECONCILE_NEIGHBOURS}`,
      [model, toSql(vector), userId, category],
    );
    return rows.map((row) => ({ ...row, similarity: Number(row.similarity) }));
  }

  /** The user's note, locked for the rest of the transaction; null when absent or someone else's. */
  findOwnedForUpdate(em: EntityManager, userId: string, noteId: string): Promise<UserNote | null> {
    return em.findOne(UserNote, { id: noteId, userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  async create(em: EntityManager, data: NewNote): Promise<UserNote> {
    const now = new Date();
    const note = em.create(UserNote, { ...data, createdAt: now, updatedAt: now });
    await em.flush();
    return note;
  }

  /** Applies changes and flushes, so the note (and its updatedAt) is what the database holds. */
  async update(em: EntityManager, note: UserNote, changes: NoteChanges): Promise<UserNote> {
    em.assign(note, changes);
    await em.flush();
    return note;
  }

  /**
   * Newest first (then by id, so pages are stable); history (superseded notes) only when asked.
   * Raw: chat asks for the newest notes on every turn, so no entity is built or tracked.
   */
  async list(filter: NoteListFilter): Promise<NoteFields[]> {
    const where = ['"user_id" = ?'];
    const params: unknown[] = [filter.userId];
    if (filter.category) {
      where.push('"category" = ?');
      params.push(filter.category);
    }
    if (!filter.includeHistory) where.push('"valid_to" is null');
    if (filter.after) {
      where.push('("created_at" < ? or ("created_at" = ? and "id" > ?))');
      params.push(new Date(filter.after.at), new Date(filter.after.at), filter.after.id);
    }
    const rows = await this.em.execute<NoteRow[]>(
      `select ${NOTE_COLUMNS} from "sentinel"."user_notes" where ${where.join(' and ')} order by "created_at" desc, "id" asc limit ${Number(filter.limit)}`,
      params,
    );
    return rows.map(noteFieldsOf);
  }

  /**
   * Forgets a note: deletes it, and the published outbox rows that carried its words. Notes it
   * had superseded keep their validTo (still history) and lose their supersededBy (the foreign key's set null).
   */
  async delete(em: EntityManager, note: UserNote): Promise<void> {
    await em.remove(note).flush();
    await em.execute(
      `delete from "sentinel"."outbox" where "published_at" is not null and "envelope"->>'userId' = ? and (("envelope"->'payload'->'note'->>'id') = ? or ("envelope"->'payload'->'superseded'->>'id') = ?)`,
      [note.userId, note.id, note.id],
      'run',
    );
  }
}
