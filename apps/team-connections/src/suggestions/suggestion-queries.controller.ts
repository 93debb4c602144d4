import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  AnswerConnectionRequest,
  ListIncomingConnections,
  ListIncomingConnectionsV1,
  ListSuggestions,
  ListSuggestionsV1,
  RequestSuggestions,
  RespondToSuggestion,
  type PayloadOf,
  type ResponseOf,
  type SuggestionView,
} from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { SuggestionService } from './suggestion.service';

/**
 * Request/reply for the gateway. Every request names its user; another user's suggestion is a
 * 404, a refused move a 409. @Payload() is what makes Nest run AnswerQuery's request validation.
 */
@Controller()
export class SuggestionQueriesController {
  constructor(private readonly suggestions: SuggestionService) {}

  @AnswerQuery(ListSuggestions)
  list(@Payload() { userId, status, cursor, limit }: PayloadOf<typeof ListSuggestions>): Promise<ResponseOf<typeof ListSuggestions>> {
    return this.suggestions.list(userId, status, { cursor, limit });
  }

  /** Version 1's callers get the first 100, without a cursor. */
  @AnswerQuery(ListSuggestionsV1)
  async listV1(@Payload() { userId, status }: PayloadOf<typeof ListSuggestionsV1>): Promise<ResponseOf<typeof ListSuggestionsV1>> {
    return { items: (await this.suggestions.list(userId, status)).items };
  }

  @AnswerQuery(RequestSuggestions)
  async request(@Payload() request: PayloadOf<typeof RequestSuggestions>): Promise<ResponseOf<typeof RequestSuggestions>> {
    return { items: await this.suggestions.suggestNow(request) };
  }

  @AnswerQuery(RespondToSuggestion)
  respond(@Payload() { userId, suggestionId, response }: PayloadOf<typeof RespondToSuggestion>): Promise<SuggestionView> {
    return this.suggestions.respondNow(userId, suggestionId, response);
  }

  @AnswerQuery(AnswerConnectionRequest)
  answer(@Payload() { userId, suggestionId, answer }: PayloadOf<typeof AnswerConnectionRequest>): Promise<ResponseOf<typeof AnswerConnectionRequest>> {
    return this.suggestions.answerNow(userId, suggestionId, answer);
  }

  @AnswerQuery(ListIncomingConnections)
  incoming(@Payload() { userId, cursor, limit }: PayloadOf<typeof ListIncomingConnections>): Promise<ResponseOf<typeof ListIncomingConnections>> {
    return this.suggestions.incoming(userId, { cursor, limit });
  }

  /** Version 1's callers get the first 100, without a cursor. */
  @AnswerQuery(ListIncomingConnectionsV1)
  async incomingV1(@Payload() { userId }: PayloadOf<typeof ListIncomingConnectionsV1>): Promise<ResponseOf<typeof ListIncomingConnectionsV1>> {
    return { items: (await this.suggestions.incoming(userId)).items };
  }
}
