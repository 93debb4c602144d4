import { randomUUID } from 'node:crypto';

import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { User, UserEvent } from '../accounts/account.entities';
import { GatewayError, GatewayErrorCode } from '../gateway.errors';
import { TestScenario, TestScenarioRun } from './test-scenario.entities';

export type NewTestScenario = Pick<TestScenario, 'name' | 'description' | 'template' | 'createdBy' | 'isActive'>;
export type NewScenarioUser = Pick<User, 'email' | 'firstName' | 'lastName' | 'passwordHash'>;

/**
 * The only code that touches the ORM for test scenarios (accounts.test_scenarios, their runs, and
 * the accounts a run creates). Writes take the caller's transaction; reads use a fresh context.
 */
@Injectable()
export class TestScenarioRepository {
  constructor(private readonly em: EntityManager) {}

  /** A new scenario; a name another has is TEST_SCENARIO_NAME_TAKEN. */
  async create(scenario: NewTestScenario): Promise<TestScenario> {
    const em = this.em.fork();
    const created = em.create(TestScenario, { id: randomUUID(), ...scenario });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_NAME_TAKEN, `A test scenario named "${scenario.name}" already exists`);
      throw error;
    }
    return created;
  }

  find(scenarioId: string, em: EntityManager = this.em.fork(), lock = false): Promise<TestScenario | null> {
    return em.findOne(TestScenario, scenarioId, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

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

  latestRun(scenarioId: string): Promise<TestScenarioRun | null> {
    return this.em.fork().findOne(TestScenarioRun, { testScenarioId: scenarioId }, { orderBy: { loadedAt: 'desc' } });
  }

  /** The run not yet cleared; locked, when asked, for the rest of the transaction (confirmations of different accounts arrive at once). */
  openRun(em: EntityManager, scenarioId: string, lock = false): Promise<TestScenarioRun | null> {
    return em.findOne(TestScenarioRun, { testScenarioId: scenarioId, clearedAt: null }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  createRun(em: EntityManager, scenarioId: string, userIds: string[]): TestScenarioRun {
    return em.create(TestScenarioRun, { id: randomUUID(), testScenarioId: scenarioId, userIds, loadedAt: new Date() });
  }

  createUser(em: EntityManager, scenarioId: string, user: NewScenarioUser): User {
    return em.create(User, { id: randomUUID(), ...user, testScenarioId: scenarioId });
  }

  remove(em: EntityManager, scenario: TestScenario): void {
    em.remove(scenario);
  }

  /** The run's accounts (sessions cascade) and the events kept for their streams; answers how many rows went. */
  async deleteAccounts(em: EntityManager, scenarioId: string, userIds: string[]): Promise<number> {
    const events = await em.nativeDelete(UserEvent, { userId: { $in: userIds } });
    return (await em.nativeDelete(User, { testScenarioId: scenarioId })) + events;
  }
}
