import { Injectable } from '@nestjs/common';

import type { PayloadOf, TestScenarioLoaded, TestScenarioReset } from '@tandem/contracts';
import type { HandlerContext, TestScenarioPart } from '@tandem/messaging';

import { IdentityService } from '../identities/identity.service';

/**
 * identities' part of a test scenario. Each identity goes through the ordinary lifecycle
 * (proposed, then accepted, then refined, as its state asks), so coach-state and chat follow
 * from the usual events; every row carries the scenario's id.
 */
@Injectable()
export class IdentityScenarios implements TestScenarioPart {
  constructor(private readonly identities: IdentityService) {}

  async apply(context: HandlerContext, { scenarioId, userId, template }: PayloadOf<typeof TestScenarioLoaded>): Promise<number> {
    const wanted = template.identities ?? [];
    for (const { state, ...identity } of wanted) {
      const proposed = await this.identities.propose(context, { userId, ...identity }, scenarioId);
      if (state === 'PROPOSED') continue;
      await this.identities.accept(context, userId, proposed.id);
      if (state === 'REFINEMENT_COMPLETE') await this.identities.completeRefinement(context, userId, proposed.id);
    }
    return wanted.length;
  }

  /** Deletes exactly the identities tagged with the scenario. */
  clear(context: HandlerContext, { scenarioId }: PayloadOf<typeof TestScenarioReset>): Promise<number> {
    return this.identities.clearScenario(context, scenarioId);
  }
}
