import type { NoteView } from '@tandem/contracts';

import type { UserNote } from './note.entity';

/** What a note's view is made of: memory search reads these fields only. */
export type NoteFields = Pick<
  UserNote,
  'id' | 'userId' | 'note' | 'category' | 'memoryClass' | 'confidence' | 'sourceMessageId' | 'validFrom' | 'validTo' | 'supersededBy' | 'createdAt' | 'updatedAt'
>;

/** The contracts' view of a note: what events carry and queries answer. */
export function toNoteView(note: NoteFields): NoteView {
  return {
    id: note.id,
    userId: note.userId,
    note: note.note,
    category: note.category,
    memoryClass: note.memoryClass,
    // real is single precision: round so 0.9 reads back as 0.9.
    confidence: Math.round(note.confidence * 1_000) / 1_000,
    sourceMessageId: note.sourceMessageId,
    validFrom: note.validFrom.toISOString(),
    validTo: note.validTo?.toISOString() ?? null,
    supersededBy: note.supersededBy,
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
  };
}
