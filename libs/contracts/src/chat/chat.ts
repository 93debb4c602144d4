import { z } from 'zod';

import { coachingPhase } from '../coach-state/coach-state';

export const CHAT_ROLES = ['USER', 'COACH'] as const;
export const chatRole = z.enum(CHAT_ROLES);

/** What the coach may do in a turn; each is carried out by the service that owns the data. */
export const COACH_ACTION_TYPES = [
  'propose_identity',
  'update_identity',
  'accept_identity',
  'complete_identity_refinement',
  'transition_phase',
  'suggest_connection',
  'create_goal',
  'create_commitment',
  'complete_commitment',
  'log_energy',
  'forget_note',
  'correct_note',
] as const;
export const coachActionType = z.enum(COACH_ACTION_TYPES);
export type CoachActionType = z.infer<typeof coachActionType>;

/** REFUSED: the prompt did not allow it, or its arguments were invalid; it was never sent. */
export const ACTION_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUSED'] as const;
export const actionStatus = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof actionStatus>;

/**
 * Document 003's session types: general, growth planning, team connection, and the check-in a
 * commitment falling due opens. COACHING is what general conversations were called before; kept
 * so that earlier events still read (migrated rows are GENERAL), never set any more.
 */
export const SESSION_TYPES = ['COACHING', 'GENERAL', 'GROWTH_PLANNING', 'TEAM_CONNECTION', 'CHECK_IN'] as const;
export const sessionType = z.enum(SESSION_TYPES);
/** What a user may start a conversation as. */
export const STARTABLE_SESSION_TYPES = ['GENERAL', 'GROWTH_PLANNING', 'TEAM_CONNECTION', 'CHECK_IN'] as const;
export const startableSessionType = z.enum(STARTABLE_SESSION_TYPES);

export const chatContent = z.string().trim().min(1).max(4_000);

export const chatMessageView = z.object({
  id: z.uuid().describe("The message's id"),
  conversationId: z.uuid().describe('The conversation it belongs to'),
  userId: z.uuid().describe('Whose conversation it is'),
  role: chatRole.describe('Who wrote it: the user or the coach'),
  content: z.string().describe('The text'),
  inReplyTo: z.uuid().nullable().describe('For a coach message: the user message it answers; null for a user message'),
  createdAt: z.iso.datetime({ offset: true }).describe('When it was written'),
});
export type ChatMessageView = z.infer<typeof chatMessageView>;

export const coachActionView = z.object({
  id: z.uuid().describe("The action's id"),
  type: coachActionType.describe('What the coach did'),
  parameters: z.record(z.string(), z.unknown()).describe('What the coach asked for, as the action type defines it'),
  status: actionStatus.describe('PENDING until the owning service answers; then SUCCEEDED, FAILED or REFUSED (not allowed in the phase)'),
  result: z.record(z.string(), z.unknown()).nullable().describe("The owning service's answer (say, the created identity's id); null while pending"),
});
export type CoachActionView = z.infer<typeof coachActionView>;

export const listedChatMessageView = chatMessageView.extend({
  actions: z.array(coachActionView).optional().describe('For a coach message: the actions it took, in order (none for a user message)'),
});

export const listedCoachActionView = coachActionView.extend({
  coachMessageId: z.uuid().describe('The coach message that took it'),
  conversationId: z.uuid().describe('The conversation it was taken in'),
  createdAt: z.iso.datetime({ offset: true }).describe('When the coach took it'),
  updatedAt: z.iso.datetime({ offset: true }).describe('When its status last changed'),
});
export type ListedCoachActionView = z.infer<typeof listedCoachActionView>;

export const conversationView = z.object({
  id: z.uuid().describe("The conversation's id"),
  userId: z.uuid().describe('Whose conversation it is'),
  sessionType: sessionType.describe('What kind of session the user started (GENERAL by default)'),
  phase: coachingPhase.describe('The coaching phase the conversation was in'),
  startedAt: z.iso.datetime({ offset: true }).describe('When it started'),
  lastMessageAt: z.iso.datetime({ offset: true }).describe('When its last message was written'),
  endedAt: z.iso.datetime({ offset: true }).nullable().describe('When the user ended it or it went idle; null while open'),
  summary: z.string().nullable().describe('A short summary written when it ended; null while open'),
  feedback: z
    .object({
      rating: z.number().int().min(1).max(5).describe('1 (poor) to 5 (excellent)'),
      comment: z.string().nullable().describe("The user's words, if any"),
      givenAt: z.iso.datetime({ offset: true }).describe('When it was given'),
    })
    .nullable()
    .optional()
    .describe("The user's satisfaction with the session; null until given"),
});
export type ConversationView = z.infer<typeof conversationView>;

const userId = '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b';
const conversationId = '9d2b8c1e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';

export const exampleUserMessage: ChatMessageView = {
  id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  conversationId,
  userId,
  role: 'USER',
  content: 'I want to feel calmer when I lead my team.',
  inReplyTo: null,
  createdAt: '2026-11-23T10:00:00.000Z',
};

export const exampleCoachMessage: ChatMessageView = {
  ...exampleUserMessage,
  id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
  role: 'COACH',
  content: 'What does a calm day at work look like for you?',
  inReplyTo: exampleUserMessage.id,
  createdAt: '2026-11-23T10:00:02.000Z',
};

export const exampleConversation: ConversationView = {
  id: conversationId,
  userId,
  sessionType: 'COACHING',
  phase: 'GET_TO_KNOW_YOU',
  startedAt: '2026-11-23T10:00:00.000Z',
  lastMessageAt: '2026-11-23T10:00:02.000Z',
  endedAt: '2026-11-23T10:30:00.000Z',
  summary: 'The user wants to lead with more calm.',
};
