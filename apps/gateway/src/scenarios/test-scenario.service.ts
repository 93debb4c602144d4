import { randomBytes } from 'node:crypto';

import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';

import { TestScenarioApplied, TestScenarioCleared, TestScenarioLoaded, TestScenarioReset, UserRegistered, type PayloadOf, type ScenarioTemplate } from '@tandem/contracts';
import { decodeCursor, encodeCursor, MessageBus, OnMessage, type HandlerContext, type Transaction } from '@tandem/messaging';
import { SERVICE_NAMES } from '@tandem/persistence';

import type { CreateTestScenarioDto, LoadedScenarioDto, ScenarioAccountDto, ScenarioState, ScenarioStatusDto, TestScenarioDto } from '../admin/test-scenarios.dto';
import { hashPassword } from '../auth/credentials';
import { GatewayError, GatewayErrorCode } from '../gateway.errors';
import type { PageQuery } from '../http/pagination';
import type { TestScenario, TestScenarioRun } from './test-scenario.entities';
import { TestScenarioRepository } from './test-scenario.repository';

/** The list's cursor: the last name of the page (the list is by name). */
const afterName = z.object({ after: z.string() });

/** Every service but the gateway applies and clears; the gateway deletes the accounts last. */
const OTHER_SERVICES = SERVICE_NAMES.filter((service) => service !== 'gateway');

interface NewAccount {
  kind: ScenarioAccountDto['kind'];
  firstName: string | null;
  lastName: string | null;
  template: ScenarioTemplate;
}

/**
 * Test scenarios across services, in the manner of erasure: a load creates the accounts (tagged
 * with the scenario's id) and publishes test-scenario.loaded per account; every service applies
 * its section and answers test-scenario.applied. A reset publishes test-scenario.reset; every
 * service deletes its tagged rows and answers test-scenario.cleared; when all have, the gateway
 * deletes the accounts (sessions cascade) and the run is cleared.
 */
@Injectable()
export class TestScenarioService {
  private readonly logger = new Logger(TestScenarioService.name);

  constructor(
    private readonly bus: MessageBus,
    private readonly scenarios: TestScenarioRepository,
  ) {}

  async create(adminId: string, input: CreateTestScenarioDto): Promise<TestScenarioDto> {
    const scenario = await this.scenarios.create({ name: input.name, description: input.description ?? null, template: input.template, createdBy: adminId, isActive: input.isActive ?? true });
    return this.toDto(scenario, undefined);
  }

  /** A page of the scenarios, by name. */
  async list({ cursor, limit }: PageQuery): Promise<{ items: TestScenarioDto[]; nextCursor: string | null }> {
    const { scenarios, more } = await this.scenarios.page(cursor === undefined ? undefined : decodeCursor(afterName, cursor).after, limit);
    const latest = await this.scenarios.latestRuns(scenarios.map((scenario) => scenario.id));
    return { items: scenarios.map((scenario) => this.toDto(scenario, latest.get(scenario.id))), nextCursor: more ? encodeCursor({ after: scenarios.at(-1)!.name }) : null };
  }

  async load(scenarioId: string): Promise<LoadedScenarioDto> {
    const scenario = await this.scenarios.find(scenarioId);
    if (!scenario) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_NOT_FOUND, 'No such test scenario');
    if (!scenario.isActive) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_INACTIVE, 'The test scenario is inactive');
    const password = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    const tag = randomBytes(3).toString('hex');
    const { colleagues = [], ...own } = scenario.template;
    const wanted: NewAccount[] = [
      { kind: 'user', firstName: own.user.firstName ?? null, lastName: own.user.lastName ?? null, template: own },
      ...colleagues.map(({ firstName, lastName, profile }) => ({ kind: 'colleague' as const, firstName, lastName, template: { user: { firstName, lastName }, profile } })),
    ];
    try {
      return await this.bus.transaction(async (tx) => {
        if (await this.scenarios.openRun(tx.em, scenarioId)) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_LOADED, 'The test scenario is loaded: reset it first');
        const accounts = wanted.map((account, index) => this.createAccount(tx, scenario, account, `${scenario.name}.${tag}.${index}@scenarios.tandem.test`, passwordHash));
        const run = this.scenarios.createRun(
          tx.em,
          scenarioId,
          accounts.map((account) => account.userId),
        );
        this.logger.log(`test scenario ${scenario.name} loading: ${accounts.length} accounts`);
        return { scenarioId, runId: run.id, password, accounts };
      });
    } catch (error) {
      // Two loads at once: the partial unique index on open runs lets one through.
      if (error instanceof UniqueConstraintViolationException) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_LOADED, 'The test scenario is loaded: reset it first');
      throw error;
    }
  }

  async status(scenarioId: string): Promise<ScenarioStatusDto> {
    if (!(await this.scenarios.find(scenarioId))) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_NOT_FOUND, 'No such test scenario');
    return this.statusOf(scenarioId, await this.scenarios.latestRun(scenarioId));
  }

  /** Refused while a service has still to apply the load: its rows would outlive the reset. */
  async reset(scenarioId: string): Promise<ScenarioStatusDto> {
    return this.bus.transaction(async ({ em, emit }) => {
      if (!(await this.scenarios.find(scenarioId, em))) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_NOT_FOUND, 'No such test scenario');
      const run = await this.scenarios.openRun(em, scenarioId);
      if (!run) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_NOT_LOADED, 'The test scenario is not loaded');
      if (!run.resetRequestedAt) {
        if (this.stateOf(run) !== 'LOADED') throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_LOADING, 'The test scenario is still loading: wait until every service has applied it (see status)');
        run.resetRequestedAt = new Date();
        emit(TestScenarioReset, { scenarioId, userIds: run.userIds }, { testScenarioId: scenarioId });
      }
      return this.statusOf(scenarioId, run);
    });
  }

  async remove(scenarioId: string): Promise<void> {
    await this.bus.transaction(async ({ em }) => {
      const scenario = await this.scenarios.find(scenarioId, em, true);
      if (!scenario) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_NOT_FOUND, 'No such test scenario');
      if (await this.scenarios.openRun(em, scenarioId)) throw new GatewayError(GatewayErrorCode.TEST_SCENARIO_LOADED, 'The test scenario is loaded: reset it first');
      this.scenarios.remove(em, scenario);
    });
  }

  @OnMessage(TestScenarioApplied)
  async onApplied({ scenarioId, userId, service, rows }: PayloadOf<typeof TestScenarioApplied>, { em }: HandlerContext): Promise<void> {
    const run = await this.scenarios.openRun(em, scenarioId, true);
    if (!run?.userIds.includes(userId)) return;
    const before = run.applied[service] ?? { userIds: [], rows: 0, lastAt: '' };
    if (before.userIds.includes(userId)) return;
    run.applied = { ...run.applied, [service]: { userIds: [...before.userIds, userId], rows: before.rows + rows, lastAt: new Date().toISOString() } };
  }

  @OnMessage(TestScenarioCleared)
  async onCleared({ scenarioId, service, deletedRows }: PayloadOf<typeof TestScenarioCleared>, { em, emit }: HandlerContext): Promise<void> {
    const run = await this.scenarios.openRun(em, scenarioId, true);
    if (!run?.resetRequestedAt || run.cleared[service]) return;
    run.cleared = { ...run.cleared, [service]: { confirmedAt: new Date().toISOString(), deletedRows } };
    if (!OTHER_SERVICES.every((other) => run.cleared[other])) return;
    // The accounts go last, so a tester is never logged in to half a scenario.
    const deleted = await this.scenarios.deleteAccounts(em, scenarioId, run.userIds);
    const now = new Date();
    run.cleared = { ...run.cleared, gateway: { confirmedAt: now.toISOString(), deletedRows: deleted } };
    run.clearedAt = now;
    emit(TestScenarioCleared, { scenarioId, service: 'gateway', deletedRows: deleted }, { testScenarioId: scenarioId });
    this.logger.log(`test scenario ${scenarioId} cleared in every service`);
  }

  private createAccount({ em, emit }: Transaction, scenario: TestScenario, account: NewAccount, email: string, passwordHash: string): ScenarioAccountDto {
    const user = this.scenarios.createUser(em, scenario.id, { email, firstName: account.firstName, lastName: account.lastName, passwordHash });
    const meta = { userId: user.id, testScenarioId: scenario.id };
    emit(UserRegistered, { userId: user.id }, meta);
    emit(TestScenarioLoaded, { scenarioId: scenario.id, userId: user.id, template: account.template }, meta);
    return { userId: user.id, email, kind: account.kind };
  }

  private stateOf(run: TestScenarioRun | null | undefined): ScenarioState {
    if (!run) return 'NOT_LOADED';
    if (run.clearedAt) return 'CLEARED';
    if (run.resetRequestedAt) return 'RESETTING';
    return OTHER_SERVICES.every((service) => (run.applied[service]?.userIds.length ?? 0) >= run.userIds.length) ? 'LOADED' : 'LOADING';
  }

  private statusOf(scenarioId: string, run: TestScenarioRun | null): ScenarioStatusDto {
    return {
      scenarioId,
      state: this.stateOf(run),
      runId: run?.id ?? null,
      userIds: run?.userIds ?? [],
      loadedAt: run?.loadedAt.toISOString() ?? null,
      resetRequestedAt: run?.resetRequestedAt?.toISOString() ?? null,
      clearedAt: run?.clearedAt?.toISOString() ?? null,
      services: [...OTHER_SERVICES, 'gateway'].map((service) => {
        const applied = service === 'gateway' ? { userIds: run?.userIds ?? [], rows: run?.userIds.length ?? 0 } : run?.applied[service];
        const cleared = run?.cleared[service];
        return {
          service,
          appliedAccounts: applied?.userIds.length ?? 0,
          appliedRows: applied?.rows ?? 0,
          applied: run !== null && (applied?.userIds.length ?? 0) >= run.userIds.length,
          clearedAt: cleared?.confirmedAt ?? null,
          deletedRows: cleared?.deletedRows ?? null,
        };
      }),
    };
  }

  private toDto(scenario: TestScenario, latestRun: TestScenarioRun | undefined): TestScenarioDto {
    return {
      id: scenario.id,
      name: scenario.name,
      description: scenario.description,
      template: scenario.template,
      createdBy: scenario.createdBy,
      isActive: scenario.isActive,
      state: this.stateOf(latestRun),
      createdAt: scenario.createdAt.toISOString(),
      updatedAt: scenario.updatedAt.toISOString(),
    };
  }
}
