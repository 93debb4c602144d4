import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineQuery } from '../define';
import { emotionView, exampleEmotion, exampleNote, noteCategory, noteText, noteView } from './note';

const userId = z.uuid();
const noteId = z.uuid();

/**
 * The one query chat makes during a coach turn (ask with a short timeout and carry on without
 * notes if it fails). Hybrid retrieval: full-text rank and vector similarity, fused by
 * reciprocal rank; always one user's notes, current ones unless includeHistory.
 */
export const SearchNotes = defineQuery({
  type: 'sentinel.search-notes',
  version: 1,
  owner: 'sentinel',
  description:
    "The user's notes most relevant to q (any text: the user's latest message, say), best first. score is the fused reciprocal-rank score; distance the cosine distance (null when only the words matched).",
  payload: z.object({
    userId,
    q: z.string().trim().min(1).max(4_000),
    limit: z.number().int().min(1).max(50).default(5),
    category: noteCategory.optional(),
    includeHistory: z.boolean().default(false),
  }),
  response: z.object({ items: z.array(noteView.extend({ score: z.number(), distance: z.number().nullable() })) }),
  example: { userId: exampleNote.userId, q: 'I dread the Monday meeting with my team', limit: 5 },
  exampleResponse: { items: [{ ...exampleNote, score: 0.0325, distance: 0.21 }] },
});

const listNotesFilter = z.object({
  userId,
  category: noteCategory.optional().describe('Only notes of this category'),
  q: z.string().trim().min(1).max(200).optional().describe('Words or meaning to look for: ranked, best first'),
  includeHistory: z.boolean().default(false).describe('Also the notes newer facts replaced'),
  limit: z.number().int().min(1).max(200).default(100).describe('How many per page'),
});

export const ListNotes = defineQuery({
  type: 'sentinel.list-notes',
  version: 2,
  owner: 'sentinel',
  description:
    "The user's notes, newest first, a page at a time (keyset cursor); with q, ranked as sentinel.search-notes ranks them (the cursor is then a position in the ranking). History (superseded notes) only when asked.",
  payload: listNotesFilter.extend({ cursor: pageCursor.optional() }),
  response: pageOfItems(noteView),
  example: { userId: exampleNote.userId, category: 'background' },
  exampleResponse: { items: [exampleNote], nextCursor: null },
});

/** Version 1, before pages: the first `limit` notes, no cursor. Still answered for callers from before version 2. */
export const ListNotesV1 = defineQuery({
  type: 'sentinel.list-notes',
  version: 1,
  owner: 'sentinel',
  description: "The user's notes, newest first; with q, ranked as sentinel.search-notes ranks them. History (superseded notes) only when asked. Superseded by version 2, which pages.",
  payload: listNotesFilter,
  response: z.object({ items: z.array(noteView) }),
  example: { userId: exampleNote.userId, category: 'background' },
  exampleResponse: { items: [exampleNote] },
});

export const EditNote = defineQuery({
  type: 'sentinel.edit-note',
  version: 1,
  owner: 'sentinel',
  description: 'The user corrects a current note (its text or category); answers the note as it is now. 404 when not theirs, 409 when it is history.',
  payload: z.object({ userId, noteId, note: noteText.optional(), category: noteCategory.optional() }),
  response: noteView,
  example: { userId: exampleNote.userId, noteId: exampleNote.id, note: 'Works as a senior product manager at Globex' },
  exampleResponse: exampleNote,
});

export const DeleteNote = defineQuery({
  type: 'sentinel.delete-note',
  version: 1,
  owner: 'sentinel',
  description: 'The user asks Sentinel to forget a note: it is deleted outright. 404 when not theirs.',
  payload: z.object({ userId, noteId }),
  response: z.object({ deleted: z.literal(true) }),
  example: { userId: exampleNote.userId, noteId: exampleNote.id },
  exampleResponse: { deleted: true },
});

const emotionRange = z.object({
  userId,
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const ListEmotions = defineQuery({
  type: 'sentinel.list-emotions',
  version: 2,
  owner: 'sentinel',
  description: "The user's recorded emotions with from <= createdAt < to, newest first, a page at a time (keyset cursor).",
  payload: emotionRange.extend({ cursor: pageCursor.optional() }),
  response: pageOfItems(emotionView),
  example: { userId: exampleEmotion.userId, from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
  exampleResponse: { items: [exampleEmotion], nextCursor: null },
});

/** Version 1, before pages: the first `limit` emotions, no cursor. Still answered for callers from before version 2. */
export const ListEmotionsV1 = defineQuery({
  type: 'sentinel.list-emotions',
  version: 1,
  owner: 'sentinel',
  description: "The user's recorded emotions with from <= createdAt < to, newest first. Superseded by version 2, which pages.",
  payload: emotionRange,
  response: z.object({ items: z.array(emotionView) }),
  example: { userId: exampleEmotion.userId, from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
  exampleResponse: { items: [exampleEmotion] },
});
