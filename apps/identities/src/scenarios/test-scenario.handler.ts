import { Injectable } from '@nestjs/common';

import { TestScenarioApplied, TestScenarioCleared, TestScenarioLoaded, TestScenarioReset, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { IdentityService } from '../identities/identity.service';

const SERVICE = 'identities';

/**
 * identities' part of a test scenario. Each identity goes through the ordinary lifecycle
 * (proposed, then accepted, then refined, as its state asks), so coach-state and chat follow
 * from the usual events; every row carries the scenario's id.
 */
@Injectable()
export class TestScenarioHandler {
  constructor(private readonly identities: IdentityService) {}

  @OnMessage(TestScenarioLoaded)
  async onLoaded({ scenarioId, userId, template }: PayloadOf<typeof TestScenarioLoaded>, context: HandlerContext): Promise<void> {
    const wanted = template.identities ?? [];
    for (const { state, ...identity } of wanted) {
      const proposed = await this.identities.propose(context, { userId, ...identity }, scenarioId);
      if (state === 'PROPOSED') continue;
      await this.identities.accept(context, userId, proposed.id);
      if (state === 'REFINEMENT_COMPLETE') await this.identities.completeRefinement(context, userId, proposed.id);
    }
    context.emit(TestScenarioApplied, { scenarioId, userId, service: SERVICE, rows: wanted.length }, { userId });
  }

  /** Deletes exactly the identities tagged with the scenario. */
  @OnMessage(TestScenarioReset)
  async onReset({ scenarioId }: PayloadOf<typeof TestScenarioReset>, context: HandlerContext): Promise<void> {
    const deletedRows = await this.identities.clearScenario(context, scenarioId);
    context.emit(TestScenarioCleared, { scenarioId, service: SERVICE, deletedRows });
  }
}
