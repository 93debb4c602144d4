import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { ScenarioTemplate } from '@tandem/contracts';

/** A named template of test data (accounts.test_scenarios); admins load and reset it. */
@Entity({ tableName: 'test_scenarios' })
export class TestScenario {
  [OptionalProps]?: 'description' | 'createdBy' | 'isActive' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Property({ type: 'json' })
  template!: ScenarioTemplate;

  /** The admin who created it; null for the shipped ones (and once that account is gone: SET NULL). */
  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'boolean' })
  isActive = true;

  @Property({ columnType: 'timestamptz', type: 'Date' })
  createdAt: Date = new Date();

  @Property({ columnType: 'timestamptz', type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

export interface AppliedConfirmation {
  /** Accounts of the run this service has applied, and the rows it wrote for them. */
  userIds: string[];
  rows: number;
  lastAt: string;
}

export interface ClearedConfirmation {
  confirmedAt: string;
  deletedRows: number;
}

/**
 * One load of a scenario (accounts.test_scenario_runs): its accounts and which services confirmed
 * applying and clearing it, as erasure_requests does for an erasure. Kept after the reset.
 */
@Entity({ tableName: 'test_scenario_runs' })
export class TestScenarioRun {
  [OptionalProps]?: 'resetRequestedAt' | 'clearedAt' | 'applied' | 'cleared';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The scenario this run loaded: every row the run created, in every service, carries this id. */
  @Property({ type: 'uuid' })
  testScenarioId!: string;

  @Property({ type: 'json' })
  userIds!: string[];

  @Property({ columnType: 'timestamptz', type: 'Date' })
  loadedAt!: Date;

  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  resetRequestedAt: Date | null = null;

  /** Set once every service confirmed clearing and the gateway deleted the accounts. */
  @Property({ columnType: 'timestamptz', type: 'Date', nullable: true })
  clearedAt: Date | null = null;

  @Property({ type: 'json' })
  applied: Record<string, AppliedConfirmation> = {};

  @Property({ type: 'json' })
  cleared: Record<string, ClearedConfirmation> = {};
}

export const TEST_SCENARIO_ENTITIES = [TestScenario, TestScenarioRun];
