import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { RateConversation, StartConversation, type ConversationView, type PayloadOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { ConversationService } from './conversation.service';

/** Document 003's sessions, for the gateway: starting one of a session type, and the user's satisfaction with it. */
@Controller()
export class SessionQueriesController {
  constructor(private readonly conversations: ConversationService) {}

  @AnswerQuery(StartConversation)
  start(@Payload() request: PayloadOf<typeof StartConversation>): Promise<ConversationView> {
    return this.conversations.start(request);
  }

  @AnswerQuery(RateConversation)
  rate(@Payload() request: PayloadOf<typeof RateConversation>): Promise<ConversationView> {
    return this.conversations.rate(request);
  }
}
