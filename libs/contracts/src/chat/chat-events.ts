import { z } from 'zod';

import { defineEvent } from '../define';
import { chatMessageView, coachActionView, conversationView, exampleCoachMessage, exampleConversation, exampleUserMessage } from './chat';

export const ChatMessageCreated = defineEvent({
  type: 'chat.message.created',
  version: 1,
  owner: 'chat',
  description: 'A user wrote a message, or the coach answered one (role COACH, inReplyTo the user message, with the actions it took).',
  payload: z.object({ message: chatMessageView, actions: z.array(coachActionView) }),
  example: { message: exampleUserMessage, actions: [] },
  notifiesUser: true,
});

export const ChatTurnFailed = defineEvent({
  type: 'chat.turn.failed',
  version: 1,
  owner: 'chat',
  description: 'The coach could not answer a user message (the model failed or timed out). Nothing of the turn was stored; the user may send again.',
  payload: z.object({ userId: z.uuid(), conversationId: z.uuid(), userMessageId: z.uuid(), reason: z.string().min(1) }),
  example: {
    userId: exampleUserMessage.userId,
    conversationId: exampleUserMessage.conversationId,
    userMessageId: exampleUserMessage.id,
    reason: 'The coach is unavailable right now; please try again',
  },
  notifiesUser: true,
});

export const ChatActionSettled = defineEvent({
  type: 'chat.action.settled',
  version: 1,
  owner: 'chat',
  description: "A coach action's owner answered: the action succeeded (result holds the owner's event) or failed (result holds the reason).",
  payload: z.object({ userId: z.uuid(), coachMessageId: z.uuid(), action: coachActionView }),
  example: {
    userId: exampleCoachMessage.userId,
    coachMessageId: exampleCoachMessage.id,
    action: { id: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f', type: 'transition_phase', parameters: { toPhase: 'IDENTITY_CREATION' }, status: 'SUCCEEDED', result: { event: 'coach-state.changed' } },
  },
  notifiesUser: true,
});

export const ConversationEnded = defineEvent({
  type: 'chat.conversation.ended',
  version: 1,
  owner: 'chat',
  description: 'A coaching session ended (by the user, or after inactivity); carries the summary the coach wrote.',
  payload: z.object({ conversation: conversationView, reason: z.enum(['USER', 'INACTIVITY']) }),
  example: { conversation: exampleConversation, reason: 'USER' },
  notifiesUser: true,
});
