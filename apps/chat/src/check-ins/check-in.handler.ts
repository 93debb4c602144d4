import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { ChatMessageCreated, CheckInDue, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { Conversation } from '../conversations/conversation.entity';
import { ConversationRepository } from '../conversations/conversation.repository';
import { ChatMessageRepository } from '../messages/chat-message.repository';
import { toMessageView } from '../messages/chat-message.entity';
import { ReadModelService } from '../read-models/read-model.service';

/**
 * progress says a commitment fell due (or was missed): the coach opens a CHECK_IN conversation
 * with progress's message, or, when the user already has a conversation open (one per user),
 * says it there. The user sees it as chat.message.created on /v1/events. The inbox makes a
 * redelivered check-in a no-op.
 */
@Injectable()
export class CheckInHandler {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: ChatMessageRepository,
    private readonly readModels: ReadModelService,
  ) {}

  @OnMessage(CheckInDue)
  async onCheckInDue({ userId, message }: PayloadOf<typeof CheckInDue>, { em, emit, envelope }: HandlerContext): Promise<void> {
    const at = new Date();
    let conversation = await this.conversations.findOpenForUpdate(em, userId);
    if (!conversation) {
      const { phase } = await this.readModels.coachingStateOf(em, userId);
      conversation = em.create(Conversation, {
        id: randomUUID(),
        userId,
        phase,
        sessionType: 'CHECK_IN',
        startedAt: at,
        lastMessageAt: at,
        createdAt: at,
        updatedAt: at,
        testScenarioId: envelope.testScenarioId ?? null,
      });
    }
    conversation.lastMessageAt = at;
    const opening = this.messages.add(em, { id: randomUUID(), userId, conversation, role: 'COACH', content: message, inReplyTo: null, testScenarioId: envelope.testScenarioId ?? null, createdAt: at });
    await em.flush();
    emit(ChatMessageCreated, { message: toMessageView(opening), actions: [] }, { userId });
  }
}
