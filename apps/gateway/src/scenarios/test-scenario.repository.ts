import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { TestScenario, TestScenarioRun } from './test-scenario.entities';

/** accounts.test_scenarios and their runs, read for the admin's lists. */
@Injectable()
export class TestScenarioRepository {
  constructor(private readonly em: EntityManager) {}

  /** Up to `limit` scenarios by name after `afterName`, with one more to tell whether a next page exists. */
  async page(afterName: string | undefined, limit: number): Promise<{ scenarios: TestScenario[]; more: boolean }> {
    const found = await this.em.fork().find(TestScenario, afterName === undefined ? {} : { name: { $gt: afterName } }, { orderBy: { name: 'asc' }, limit: limit + 1 });
    return { scenarios: found.slice(0, limit), more: found.length > limit };
  }

  /** The latest run of each scenario, by scenario id. */
  async latestRuns(scenarioIds: string[]): Promise<Map<string, TestScenarioRun>> {
    const runs = await this.em.fork().find(TestScenarioRun, { testScenarioId: { $in: scenarioIds } }, { orderBy: { loadedAt: 'asc' } });
    return new Map(runs.map((run) => [run.testScenarioId, run]));
  }
}
