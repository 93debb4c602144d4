import { Injectable } from '@nestjs/common';

import { NoteAdded, NoteDeleted, NoteSuperseded, NoteUpdated, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ProgressRepository } from './progress.repository';

/** Sentinel's note events, kept for reports' "notes that changed" (a forgotten note's text is cleared everywhere). */
@Injectable()
export class NoteChangeHandler {
  constructor(private readonly progress: ProgressRepository) {}

  @OnMessage(NoteAdded)
  async onAdded({ note }: PayloadOf<typeof NoteAdded>, context: HandlerContext): Promise<void> {
    await this.record(context, note.userId, note.id, 'ADDED', note.note, note.category);
  }

  @OnMessage(NoteUpdated)
  async onUpdated({ note }: PayloadOf<typeof NoteUpdated>, context: HandlerContext): Promise<void> {
    await this.record(context, note.userId, note.id, 'UPDATED', note.note, note.category);
  }

  /** The newer fact replaces the old note: counted once, under the new note, with its text. */
  @OnMessage(NoteSuperseded)
  async onSuperseded({ note }: PayloadOf<typeof NoteSuperseded>, context: HandlerContext): Promise<void> {
    await this.record(context, note.userId, note.id, 'SUPERSEDED', note.note, note.category);
  }

  @OnMessage(NoteDeleted)
  async onDeleted({ userId, noteId }: PayloadOf<typeof NoteDeleted>, context: HandlerContext): Promise<void> {
    await this.record(context, userId, noteId, 'DELETED', null, null);
  }

  private record(context: HandlerContext, userId: string, noteId: string, change: 'ADDED' | 'UPDATED' | 'SUPERSEDED' | 'DELETED', note: string | null, category: string | null): Promise<void> {
    const { envelope, em } = context;
    return this.progress.recordNoteChange(em, { id: envelope.id, userId, noteId, change, note, category, occurredAt: new Date(envelope.occurredAt), testScenarioId: envelope.testScenarioId ?? null });
  }
}
