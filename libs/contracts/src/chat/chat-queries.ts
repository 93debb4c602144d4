import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineQuery } from '../define';
import {
  actionStatus,
  chatContent,
  coachActionType,
  conversationView,
  exampleCoachMessage,
  exampleConversation,
  exampleUserMessage,
  listedChatMessageView,
  listedCoachActionView,
  startableSessionType,
} from './chat';

const userId = z.uuid();
const limit = z.number().int().min(1).max(100).default(20).describe('How many per page');
const cursor = pageCursor;

export const PostChatMessage = defineQuery({
  type: 'chat.post-message',
  version: 1,
  owner: 'chat',
  description:
    "Store the user's message (in their open conversation, or the one named) and start the coach's turn. Answers at once with the ids; the reply streams on the user's live subject (chat.token) and arrives as chat.message.created. With an idempotencyKey already used by this user, nothing new is stored and the first message's ids come back with `replayed: true`. Refused with 429 while the user already has CHAT_MAX_PENDING_TURNS messages waiting for the coach.",
  payload: z.object({
    userId,
    content: chatContent.describe("The user's message"),
    conversationId: z.uuid().optional().describe('The conversation to write in; without it, the open one (or a new one)'),
    /** The client's Idempotency-Key: a retried request with the same key stores nothing new. */
    idempotencyKey: z
      .string()
      .regex(/^[\x21-\x7e]{1,200}$/, 'visible ASCII, 1-200 characters')
      .optional(),
    /** The first name on the user's account (the gateway's), for the coach to call them by when no team profile names them. */
    userName: z.string().trim().min(1).max(100).optional(),
  }),
  response: z.object({
    conversationId: z.uuid().describe('The conversation the message went to'),
    messageId: z.uuid().describe("The stored message's id"),
    replayed: z.boolean().optional().describe('True when the Idempotency-Key was used before: nothing new was stored'),
  }),
  example: { userId: exampleUserMessage.userId, content: exampleUserMessage.content },
  exampleResponse: { conversationId: exampleUserMessage.conversationId, messageId: exampleUserMessage.id },
});

export const ListChatMessages = defineQuery({
  type: 'chat.list-messages',
  version: 1,
  owner: 'chat',
  description:
    "The user's messages, newest first, a page at a time; with q, full-text search ranked by relevance; with conversationId, one conversation. A coach message carries its actions, in order.",
  payload: z.object({
    userId,
    conversationId: z.uuid().optional().describe('Only the messages of this conversation'),
    q: z.string().trim().min(1).max(200).optional().describe('Full-text search (web-search syntax), best match first'),
    cursor: cursor.optional(),
    limit,
  }),
  response: pageOfItems(listedChatMessageView),
  example: { userId: exampleUserMessage.userId, limit: 20 },
  exampleResponse: { items: [exampleUserMessage], nextCursor: null },
});

export const ListConversations = defineQuery({
  type: 'chat.list-conversations',
  version: 1,
  owner: 'chat',
  description: "The user's conversations, newest first, a page at a time.",
  payload: z.object({ userId, cursor: cursor.optional(), limit }),
  response: pageOfItems(conversationView),
  example: { userId: exampleConversation.userId, limit: 20 },
  exampleResponse: { items: [exampleConversation], nextCursor: null },
});

export const EndConversation = defineQuery({
  type: 'chat.end-conversation',
  version: 1,
  owner: 'chat',
  description: 'End one of the user’s conversations: the coach writes its summary. 404 when it is not theirs, 409 when it already ended.',
  payload: z.object({ userId, conversationId: z.uuid() }),
  response: conversationView,
  example: { userId: exampleConversation.userId, conversationId: exampleConversation.id },
  exampleResponse: exampleConversation,
});

export const StartConversation = defineQuery({
  type: 'chat.start-conversation',
  version: 1,
  owner: 'chat',
  description:
    'Start a conversation of a session type (document 003: general, growth planning, team connection, check-in). An open conversation of the user is ended first, with its summary. Later messages without a conversationId go to the new one.',
  payload: z.object({ userId, sessionType: startableSessionType.default('GENERAL').describe('What the session is for') }),
  response: conversationView,
  example: { userId: exampleConversation.userId, sessionType: 'GROWTH_PLANNING' },
  exampleResponse: { ...exampleConversation, sessionType: 'GROWTH_PLANNING', endedAt: null, summary: null },
});

export const RateConversation = defineQuery({
  type: 'chat.rate-conversation',
  version: 1,
  owner: 'chat',
  description: "The user's satisfaction with one of their conversations: a rating 1-5 and an optional comment; given again, it replaces the previous one. 404 when the conversation is not theirs.",
  payload: z.object({
    userId,
    conversationId: z.uuid(),
    rating: z.number().int().min(1).max(5).describe('1 (poor) to 5 (excellent)'),
    comment: z.string().trim().min(1).max(2_000).optional().describe('What helped or did not'),
  }),
  response: conversationView,
  example: { userId: exampleConversation.userId, conversationId: exampleConversation.id, rating: 4, comment: 'Helped me see what to do on Monday.' },
  exampleResponse: { ...exampleConversation, feedback: { rating: 4, comment: 'Helped me see what to do on Monday.', givenAt: '2026-11-23T10:31:00.000Z' } },
});

export const ListCoachActions = defineQuery({
  type: 'chat.list-actions',
  version: 1,
  owner: 'chat',
  description: 'The actions the coach took for the user, newest first, a page at a time; with type (and status), only those.',
  payload: z.object({
    userId,
    type: coachActionType.optional().describe('Only actions of this type'),
    status: actionStatus.optional().describe('Only actions with this status'),
    cursor: cursor.optional(),
    limit,
  }),
  response: pageOfItems(listedCoachActionView),
  example: { userId: exampleConversation.userId, type: 'create_commitment', limit: 20 },
  exampleResponse: {
    items: [
      {
        id: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f',
        type: 'create_commitment',
        parameters: { title: 'Walk 20 minutes every morning', schedule: 'DAILY' },
        status: 'SUCCEEDED',
        result: { event: 'progress.commitment.changed' },
        coachMessageId: exampleCoachMessage.id,
        conversationId: exampleCoachMessage.conversationId,
        createdAt: exampleCoachMessage.createdAt,
        updatedAt: exampleCoachMessage.createdAt,
      },
    ],
    nextCursor: null,
  },
});
