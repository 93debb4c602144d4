import { Injectable } from '@nestjs/common';

import { CommandRejected, SuggestConnections, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { TeamError } from '../team.errors';
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
    try {
      await this.suggestions.suggest(context, { ...command, testScenarioId: context.envelope.testScenarioId });
    } catch (error) {
      if (!(error instanceof TeamError)) throw error;
      context.emit(CommandRejected, { userId: command.userId, command: SuggestConnections.type, reason: error.message }, { userId: command.userId });
    }
  }
}
