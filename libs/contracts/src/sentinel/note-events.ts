import { z } from 'zod';

import { defineEvent } from '../define';
import { emotionView, exampleEmotion, exampleNote, exampleSupersededNote, noteView } from './note';

/**
 * What Sentinel learned or forgot. Note events carry the note as it is now, so a read model
 * (or the user's live view of their memory) needs no query.
 */
export const NoteAdded = defineEvent({
  type: 'sentinel.note.added',
  version: 1,
  owner: 'sentinel',
  description: 'Sentinel learned a new fact about the user from one of their messages.',
  payload: z.object({ note: noteView }),
  example: { note: exampleNote },
  notifiesUser: true,
});

export const NoteUpdated = defineEvent({
  type: 'sentinel.note.updated',
  version: 1,
  owner: 'sentinel',
  description: 'A note was refined: the same fact with more detail (changedBy SENTINEL), or corrected by the user (changedBy USER).',
  payload: z.object({ note: noteView, changedBy: z.enum(['SENTINEL', 'USER']) }),
  example: { note: exampleNote, changedBy: 'SENTINEL' },
  notifiesUser: true,
});

export const NoteSuperseded = defineEvent({
  type: 'sentinel.note.superseded',
  version: 1,
  owner: 'sentinel',
  description: 'A newer fact contradicts a note: `superseded` is now history (validTo, supersededBy set) and `note` is the current fact.',
  payload: z.object({ note: noteView, superseded: noteView }),
  example: { note: exampleNote, superseded: exampleSupersededNote },
  notifiesUser: true,
});

export const NoteDeleted = defineEvent({
  type: 'sentinel.note.deleted',
  version: 1,
  owner: 'sentinel',
  description: 'The user asked Sentinel to forget a note; it is deleted, not kept as history.',
  payload: z.object({ userId: z.uuid(), noteId: z.uuid() }),
  example: { userId: exampleNote.userId, noteId: exampleNote.id },
  notifiesUser: true,
});

export const EmotionRecorded = defineEvent({
  type: 'sentinel.emotion.recorded',
  version: 1,
  owner: 'sentinel',
  description: 'A user message expressed an emotion; Sentinel recorded its valence and intensity (1-10).',
  payload: z.object({ emotion: emotionView }),
  example: { emotion: exampleEmotion },
});
