import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { EndConversation, ListChatMessages, ListConversations, PostChatMessage, type ConversationView, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { ConversationService } from './conversations/conversation.service';
import { ChatMessageService } from './messages/chat-message.service';

/**
 * Request/reply for the gateway. Every request names its user; another user's conversation is a
 * 404, an ended one a 409. @Payload() is what makes Nest run AnswerQuery's request validation.
 */
@Controller()
export class ChatQueriesController {
  constructor(
    private readonly messages: ChatMessageService,
    private readonly conversations: ConversationService,
  ) {}

  // The post's transaction locks the user and checks their tombstone first.
  @AnswerQuery(PostChatMessage, { erasureCheckedByHandler: true })
  post(@Payload() request: PayloadOf<typeof PostChatMessage>): Promise<ResponseOf<typeof PostChatMessage>> {
    return this.messages.post(request);
  }

  @AnswerQuery(ListChatMessages)
  messagesOf(@Payload() request: PayloadOf<typeof ListChatMessages>): Promise<ResponseOf<typeof ListChatMessages>> {
    return this.messages.list(request);
  }

  @AnswerQuery(ListConversations)
  conversationsOf(@Payload() request: PayloadOf<typeof ListConversations>): Promise<ResponseOf<typeof ListConversations>> {
    return this.conversations.list(request);
  }

  @AnswerQuery(EndConversation)
  end(@Payload() { userId, conversationId }: PayloadOf<typeof EndConversation>): Promise<ConversationView> {
    return this.conversations.end(userId, conversationId);
  }
}
