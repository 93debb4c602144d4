import { z } from 'zod';

import { defineCommand } from '../define';
import { exampleNote, noteText } from './note';

const userId = z.uuid();
const noteId = z.uuid();

/**
 * Durable commands from the coach's memory actions (chat's forget_note and correct_note). Results
 * come back as note events caused by the command (sentinel.note.deleted, sentinel.note.superseded)
 * or, for a note that is not the user's or no longer current, command.rejected.
 */
export const ForgetNote = defineCommand({
  type: 'sentinel.note.forget',
  version: 1,
  owner: 'sentinel',
  description: 'The user asked the coach to forget a note (after the coach confirmed which): it is deleted outright, as DELETE /v1/notes/:id does. Rejected when the note is not theirs.',
  payload: z.object({ userId, noteId }),
  example: { userId: exampleNote.userId, noteId: exampleNote.id },
});

export const CorrectNote = defineCommand({
  type: 'sentinel.note.correct',
  version: 1,
  owner: 'sentinel',
  description:
    'The user told the coach a note is not right: a new current note with their words supersedes it, and the old one is kept as history (validTo, supersededBy). Rejected when the note is not theirs or is already history.',
  payload: z.object({ userId, noteId, note: noteText }),
  example: { userId: exampleNote.userId, noteId: exampleNote.id, note: 'Works as a senior product manager at Globex' },
});
