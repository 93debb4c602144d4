import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineQuery } from '../define';
import { exampleNote, noteView } from './note';

/** A message the user wrote, kept as said: episodic memory beside the notes extracted from it. */
export const episodeView = z.object({
  /** chat's message id. */
  id: z.uuid(),
  userId: z.uuid(),
  conversationId: z.uuid().nullable(),
  content: z.string(),
  saidAt: z.iso.datetime({ offset: true }),
});
export type EpisodeView = z.infer<typeof episodeView>;

/** One search hit: a note or an episode, with the fused rank score (for ordering) and the cosine distance (null when only words matched). */
export const memoryHit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), note: noteView, score: z.number(), distance: z.number().nullable() }),
  z.object({ kind: z.literal('episode'), episode: episodeView, score: z.number(), distance: z.number().nullable() }),
]);
export type MemoryHit = z.infer<typeof memoryHit>;

export const exampleEpisode: EpisodeView = {
  id: exampleNote.sourceMessageId!,
  userId: exampleNote.userId,
  conversationId: '9d2b8c1e-5f4a-4b3c-8d2e-1f0a9b8c7d6e',
  content: "I'm a product manager at Globex and I went to a climbing gym with my sister Ana yesterday.",
  saidAt: '2026-11-23T10:00:00.000Z',
};

/**
 * Everything Sentinel remembers that answers q: current notes and the user's own messages
 * (episodes), in one ranking. Words match any term (not every one) and meaning by embedding,
 * fused by reciprocal rank.
 */
const memorySearch = z.object({
  userId: z.uuid(),
  q: z.string().trim().min(1).max(4_000),
  limit: z.number().int().min(1).max(50).default(10),
});

const exampleHits: MemoryHit[] = [
  { kind: 'episode', episode: exampleEpisode, score: 0.0328, distance: 0.18 },
  { kind: 'note', note: exampleNote, score: 0.0161, distance: 0.31 },
];

export const SearchMemory = defineQuery({
  type: 'sentinel.search-memory',
  version: 2,
  owner: 'sentinel',
  description:
    "The user's current notes and own messages (episodes) most relevant to q, best first, in one list: full-text rank (any of the words) and vector similarity fused by reciprocal rank. A page at a time: the cursor is an offset into the ranking, which is found again for each page.",
  payload: memorySearch.extend({ cursor: pageCursor.optional() }),
  response: pageOfItems(memoryHit),
  example: { userId: exampleNote.userId, q: 'who did I go climbing with?', limit: 5 },
  exampleResponse: { items: exampleHits, nextCursor: null },
});

/** Version 1: the top `limit` hits, no cursor. Still answered for callers from before version 2. */
export const SearchMemoryV1 = defineQuery({
  type: 'sentinel.search-memory',
  version: 1,
  owner: 'sentinel',
  description:
    "The user's current notes and own messages (episodes) most relevant to q, best first, in one list: full-text rank (any of the words) and vector similarity fused by reciprocal rank. Superseded by version 2, which pages.",
  payload: memorySearch,
  response: z.object({ items: z.array(memoryHit) }),
  example: { userId: exampleNote.userId, q: 'who did I go climbing with?', limit: 5 },
  exampleResponse: { items: exampleHits },
});
