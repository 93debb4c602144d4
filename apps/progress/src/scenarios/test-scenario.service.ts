import { Injectable } from '@nestjs/common';

import type { PayloadOf, TestScenarioLoaded, TestScenarioReset } from '@tandem/contracts';
import type { HandlerContext, TestScenarioPart } from '@tandem/messaging';

import { ProgressRepository } from '../progress/progress.repository';
import { ProgressService } from '../progress/progress.service';

/**
 * progress's part of a test scenario: the template's goals and their commitments, made through
 * the ordinary service (so their events go out), every row tagged with the scenario's id.
 */
@Injectable()
export class ProgressScenarios implements TestScenarioPart {
  constructor(
    private readonly progress: ProgressService,
    private readonly repository: ProgressRepository,
  ) {}

  async apply(context: HandlerContext, { scenarioId, userId, template }: PayloadOf<typeof TestScenarioLoaded>): Promise<number> {
    let rows = 0;
    for (const { commitments, ...goal } of template.goals ?? []) {
      const created = await this.progress.createGoal(context, userId, goal, scenarioId);
      rows += 1;
      for (const { dueInMinutes, ...commitment } of commitments) {
        const dueAt = new Date(Date.now() + dueInMinutes * 60_000).toISOString();
        await this.progress.createCommitment(context, userId, { ...commitment, dueAt, goalId: created.id }, scenarioId);
        rows += 2; // the commitment and its first reminder
      }
    }
    return rows;
  }

  /** Deletes exactly the rows tagged with the scenario, and the settings of its accounts. */
  clear(context: HandlerContext, { scenarioId, userIds }: PayloadOf<typeof TestScenarioReset>): Promise<number> {
    return this.repository.deleteTagged(context.em, scenarioId, userIds);
  }
}
