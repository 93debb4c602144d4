import { z } from 'zod';

/** What a note is about: the kinds of long-term facts Sentinel keeps about a person. */
export const NOTE_CATEGORIES = ['background', 'goal', 'value', 'challenge', 'preference', 'relationship', 'wellbeing'] as const;
export const noteCategory = z.enum(NOTE_CATEGORIES);
export type NoteCategory = z.infer<typeof noteCategory>;

export const noteText = z.string().trim().min(1).max(1_000);

/**
 * How sensitive a memory is, for consent and retention: health and emotions are kept only with
 * the user's consent (sentinel.update-memory-settings); each class has its own retention.
 */
export const MEMORY_CLASSES = ['health', 'emotions', 'relationships', 'work', 'other'] as const;
export const memoryClass = z.enum(MEMORY_CLASSES);
export type MemoryClass = z.infer<typeof memoryClass>;

/**
 * One remembered fact. A note is current while validTo is null; once a newer fact contradicts
 * it, validTo is set and supersededBy names the note that replaced it (kept as history).
 */
export const noteView = z.object({
  id: z.uuid().describe("The note's id"),
  userId: z.uuid().describe('Whose note it is'),
  note: z.string().describe('The fact, in a sentence'),
  category: noteCategory.describe('What the fact is about'),
  memoryClass: memoryClass.default('other').describe('Sensitivity class, for consent and retention (absent in events published before it existed: other)'),
  confidence: z.number().min(0).max(1).describe('How sure Sentinel is of the fact, 0-1: 1 when the user wrote or corrected it themselves'),
  sourceMessageId: z.uuid().nullable().describe('The chat message it was learned from; null when the user edited it or the message is gone'),
  validFrom: z.iso.datetime({ offset: true }).describe('Since when the fact holds'),
  validTo: z.iso.datetime({ offset: true }).nullable().describe('When a newer fact replaced it; null while current'),
  supersededBy: z.uuid().nullable().describe('The note that replaced it; null while current'),
  createdAt: z.iso.datetime({ offset: true }).describe('When it was written'),
  updatedAt: z.iso.datetime({ offset: true }).describe('When it last changed'),
});
export type NoteView = z.infer<typeof noteView>;

export const EMOTION_VALENCES = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] as const;
export const emotionValence = z.enum(EMOTION_VALENCES);
export type EmotionValence = z.infer<typeof emotionValence>;

/** A mood snapshot read from one message: qualitative valence, intensity on a 1-10 scale. */
export const emotionView = z.object({
  id: z.uuid().describe("The snapshot's id"),
  userId: z.uuid().describe('Whose mood it is'),
  messageId: z.uuid().nullable().describe('The chat message it was read from; null once the message is gone'),
  conversationId: z.uuid().nullable().describe('The conversation of that message'),
  valence: emotionValence.describe('Positive, neutral or negative'),
  intensity: z.number().int().min(1).max(10).describe('How strong, 1-10'),
  createdAt: z.iso.datetime({ offset: true }).describe('When it was read'),
});
export type EmotionView = z.infer<typeof emotionView>;

const userId = '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b';

export const exampleNote: NoteView = {
  id: '3c9e1f2a-7b6d-4e5f-8a9b-0c1d2e3f4a5b',
  userId,
  note: 'Works as a product manager at Globex',
  category: 'background',
  memoryClass: 'work',
  confidence: 0.8,
  sourceMessageId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  validFrom: '2026-11-23T10:00:00.000Z',
  validTo: null,
  supersededBy: null,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

export const exampleSupersededNote: NoteView = {
  ...exampleNote,
  id: '4d0f2a3b-8c7e-4f6a-9b0c-1d2e3f4a5b6c',
  note: 'Works at Acme',
  validFrom: '2026-10-01T09:00:00.000Z',
  validTo: '2026-11-23T10:00:00.000Z',
  supersededBy: exampleNote.id,
  createdAt: '2026-10-01T09:00:00.000Z',
};

export const exampleEmotion: EmotionView = {
  id: '5e1a3b4c-9d8f-4a7b-8c1d-2e3f4a5b6c7d',
  userId,
  messageId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  conversationId: '9d2b8c1e-5f4a-4b3c-8d2e-1f0a9b8c7d6e',
  valence: 'NEGATIVE',
  intensity: 7,
  createdAt: '2026-11-23T10:00:00.000Z',
};
