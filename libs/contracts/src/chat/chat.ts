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
  id: z.uuid(),
  conversationId: z.uuid(),
  userId: z.uuid(),
  role: chatRole,
  content: z.string(),
  /** For a coach message: the user message it answers. */
  inReplyTo: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ChatMessageView = z.infer<typeof chatMessageView>;

export const coachActionView = z.object({
  id: z.uuid(),
  type: coachActionType,
  parameters: z.record(z.string(), z.unknown()),
  status: actionStatus,
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type CoachActionView = z.infer<typeof coachActionView>;

/** A message as listed: a coach message with the actions it took, in order (none for a user message). */
export const listedChatMessageView = chatMessageView.extend({ actions: z.array(coachActionView).optional() });

/** An action as listed on its own: where it was taken and when. */
export const listedCoachActionView = coachActionView.extend({
  coachMessageId: z.uuid(),
  conversationId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ListedCoachActionView = z.infer<typeof listedCoachActionView>;

export const conversationView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  sessionType: sessionType,
  phase: coachingPhase,
  startedAt: z.iso.datetime({ offset: true }),
  lastMessageAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
  summary: z.string().nullable(),
  /** The user's satisfaction with the session (document 003's user_satisfaction): 1-5 and a comment. */
  feedback: z
    .object({ rating: z.number().int().min(1).max(5), comment: z.string().nullable(), givenAt: z.iso.datetime({ offset: true }) })
    .nullable()
    .optional(),
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
