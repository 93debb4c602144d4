import { Injectable } from '@nestjs/common';

import { CommandRejected, SuggestConnections, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type DeferredHandlerContext } from '@tandem/messaging';

import { TeamError } from '../team.errors';
import { SuggestionService } from './suggestion.service';

/**
 * The coach's SUGGEST_CONNECTION action, as chat sends it. The outcome is team.connections.suggested,
 * or command.rejected when a rule refuses it (no profile, no organisation): an answer, not a
 * failure to retry. The handler commits itself: the context's embedding and the explanations
 * (model calls) happen before its transaction opens, with no connection held.
 */
@Injectable()
export class SuggestConnectionsHandler {
  constructor(private readonly suggestions: SuggestionService) {}

  @OnMessage(SuggestConnections, { transaction: 'in-handler' })
  async onSuggest(command: PayloadOf<typeof SuggestConnections>, context: DeferredHandlerContext): Promise<void> {
    if (await context.alreadyApplied()) return;
    const request = { ...command, testScenarioId: context.envelope.testScenarioId };
    let prepared;
    try {
      prepared = await this.suggestions.prepare(request, context.em);
    } catch (error) {
      if (!(error instanceof TeamError)) throw error;
      await context.commit(async (tx) => void tx.emit(CommandRejected, { userId: command.userId, command: SuggestConnections.type, reason: error.message }, { userId: command.userId }));
      return;
    }
    const explanations = await this.suggestions.explain(prepared);
    await context.commit((tx) => this.suggestions.store(tx, prepared, explanations));
  }
}
