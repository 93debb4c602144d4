import { Injectable } from '@nestjs/common';

import { SuggestConnections, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { SuggestionService } from './suggestion.service';

/**
 * The coach's SUGGEST_CONNECTION action, as chat sends it. The outcome is team.connections.suggested,
 * or command.rejected when a rule refuses it (no profile, no company): an answer, not a failure to retry.
 */
@Injectable()
export class SuggestConnectionsHandler {
  constructor(private readonly suggestions: SuggestionService) {}

  @OnMessage(SuggestConnections)
  async onSuggest(command: PayloadOf<typeof SuggestConnections>, context: HandlerContext): Promise<void> {
    // A TeamError (no profile, no company) is answered with command.rejected by the consumer.
    await this.suggestions.suggest(context, { ...command, testScenarioId: context.envelope.testScenarioId });
  }
}
