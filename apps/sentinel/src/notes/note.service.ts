import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { NoteDeleted, NoteSuperseded, NoteUpdated, type ListNotes, type NoteView, type PayloadOf, type ResponseOf, type SearchNotes, type EditNote } from '@tandem/contracts';
import type { ModelEmbeddings } from '@tandem/llm';
import { MessageBus, keysetAfter, keysetPageOf, offsetAfter, offsetPageOf, type Transaction } from '@tandem/messaging';

import { EMBEDDINGS } from '../embeddings/embeddings.provider';
import { classifyMemory } from '../extraction/memory-class';
import { SentinelError, SentinelErrorCode } from '../sentinel.errors';
import type { UserNote } from './note.entity';
import { toNoteView } from './note.mapper';
import { NoteRepository } from './note.repository';
import { NoteSearchRepository } from './note-search.repository';

type NoteEdit = Omit<PayloadOf<typeof EditNote>, 'userId' | 'noteId'>;

/** What a user (through the gateway) and chat (for context) ask of the notes. */
@Injectable()
export class NoteService {
  constructor(
    private readonly bus: MessageBus,
    private readonly notes: NoteRepository,
    private readonly searches: NoteSearchRepository,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
  ) {}

  async search({ userId, q, limit, category, includeHistory }: PayloadOf<typeof SearchNotes>): Promise<ResponseOf<typeof SearchNotes>> {
    const vector = await this.embeddings.embedQuery(q);
    const found = await this.searches.search({ userId, q, vector, embeddingModel: this.embeddings.embeddingModelInfo.model, limit, category, includeHistory });
    return { items: found.map(({ note, score, distance }) => ({ ...toNoteView(note), score, distance })) };
  }

  /**
   * Newest first a page at a time (keyset: createdAt, then id), or ranked by relevance when q is
   * given (the cursor is then an offset into the ranking, which is found again for each page).
   */
  async list({ q, cursor, limit, ...filter }: PayloadOf<typeof ListNotes>): Promise<ResponseOf<typeof ListNotes>> {
    if (q) {
      const offset = offsetAfter(cursor);
      const ranked = await this.search({ ...filter, q, limit: offset + limit + 1 });
      const rows = ranked.items.slice(offset).map(({ score: _score, distance: _distance, ...note }) => note);
      return offsetPageOf(rows, offset, limit);
    }
    const rows = await this.notes.list({ ...filter, after: keysetAfter(cursor), limit: limit + 1 });
    return keysetPageOf(rows.map(toNoteView), limit, (last) => ({ at: last.createdAt, id: last.id }));
  }

  /**
   * The user corrects a note: the fact was wrong, not changed, so it is edited in place (no
   * history), re-embedded, and held with full confidence.
   */
  editNow(userId: string, noteId: string, edit: NoteEdit): Promise<NoteView> {
    if (edit.note === undefined && edit.category === undefined) throw new SentinelError(SentinelErrorCode.NOTHING_TO_EDIT, 'Give a note or a category to change');
    return this.bus.transaction(
      async (tx) => {
        const note = await this.currentForUpdate(tx, userId, noteId);
        const text = edit.note ?? note.note;
        const embedding = edit.note === undefined ? {} : { embedding: await this.embeddings.embedQuery(text), embeddingModel: this.embeddings.embeddingModelInfo.model };
        const recategorised = edit.category !== undefined && edit.category !== note.category;
        const category = edit.category ?? note.category;
        // The user wrote it: kept whatever its class, but classed again for retention.
        await this.notes.update(tx.em, note, { note: text, category, memoryClass: classifyMemory(text, category), confidence: 1, ...(recategorised ? { subject: null } : {}), ...embedding });
        const view = toNoteView(note);
        tx.emit(NoteUpdated, { note: view, changedBy: 'USER' }, { userId });
        return view;
      },
      { userId },
    );
  }

  /** Forget: the note is deleted outright, history or not. */
  deleteNow(userId: string, noteId: string): Promise<void> {
    return this.bus.transaction((tx) => this.forget(tx, userId, noteId), { userId });
  }

  /**
   * Forget in the caller's transaction (the API's, or the coach's forget_note command, whose
   * event then settles the action): 404 (or command.rejected) when the note is not the user's.
   */
  async forget(tx: Transaction, userId: string, noteId: string): Promise<void> {
    const note = await this.notes.findOwnedForUpdate(tx.em, userId, noteId);
    if (!note) throw SentinelError.noteNotFound();
    await this.notes.delete(tx.em, note);
    tx.emit(NoteDeleted, { userId, noteId }, { userId });
  }

  /**
   * The user told the coach a note is not right (correct_note): a new current note holds their
   * words, with full confidence, and the old one becomes history superseded by it, so what was
   * believed before stays visible (GET /v1/notes?includeHistory=true). Unlike an API edit, which
   * fixes a note in place, this keeps both. The new note keeps the old one's category and
   * subject; its class is that of its own words. Embedded in the command's transaction, as the
   * API's edit is (offline embeddings cost well under a millisecond).
   */
  async correct(tx: Transaction, userId: string, noteId: string, text: string, testScenarioId: string | null): Promise<void> {
    const outdated = await this.currentForUpdate(tx, userId, noteId);
    const { model, dimensions } = this.embeddings.embeddingModelInfo;
    const now = new Date();
    const corrected = await this.notes.create(tx.em, {
      id: randomUUID(),
      userId,
      note: text,
      category: outdated.category,
      memoryClass: classifyMemory(text, outdated.category),
      subject: outdated.subject,
      confidence: 1,
      sourceMessageId: null,
      validFrom: now,
      embedding: await this.embeddings.embedQuery(text),
      embeddingModel: model,
      embeddingDimensions: dimensions,
      testScenarioId: outdated.testScenarioId ?? testScenarioId,
    });
    await this.notes.update(tx.em, outdated, { validTo: now, supersededBy: corrected.id });
    tx.emit(NoteSuperseded, { note: toNoteView(corrected), superseded: toNoteView(outdated) }, { userId });
  }

  /** Another user's note is indistinguishable from a missing one; history is read-only. */
  private async currentForUpdate(tx: Transaction, userId: string, noteId: string): Promise<UserNote> {
    const note = await this.notes.findOwnedForUpdate(tx.em, userId, noteId);
    if (!note) throw SentinelError.noteNotFound();
    if (note.validTo) throw new SentinelError(SentinelErrorCode.NOTE_IS_HISTORY, 'This note was superseded and is kept as history; edit the current one');
    return note;
  }
}
