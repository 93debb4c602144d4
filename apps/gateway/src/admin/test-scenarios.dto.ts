import { z } from 'zod';

import { pageOfItems, scenarioTemplate } from '@tandem/contracts';

import { pageQuery } from '../http/pagination';
import { RequestDto, ResponseDto } from '../http/zod-dto';

export const SCENARIO_STATES = ['NOT_LOADED', 'LOADING', 'LOADED', 'RESETTING', 'CLEARED'] as const;
export type ScenarioState = (typeof SCENARIO_STATES)[number];

const timestamp = z.iso.datetime({ offset: true });

/** POST /v1/admin/test-scenarios: the template is the test-scenario.loaded contract's (docs/test-scenarios.md). */
export class CreateTestScenarioDto extends RequestDto(
  z.object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'name must be 2-80 lower-case letters, digits and dashes')
      .meta({ description: 'Unique, lower-case kebab-case (it also names the accounts a load creates)', example: 'two-identities' }),
    description: z.string().trim().max(2000).optional(),
    template: scenarioTemplate,
    isActive: z.boolean().optional().meta({ description: 'Inactive scenarios are listed but cannot be loaded (default true)' }),
  }),
) {}

export const testScenarioView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  template: scenarioTemplate,
  createdBy: z.uuid().nullable(),
  isActive: z.boolean(),
  state: z.enum(SCENARIO_STATES).meta({ description: 'The state of its latest load' }),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const scenarioAccount = z.object({ userId: z.uuid(), email: z.string(), kind: z.enum(['user', 'colleague']) });

const loadedScenario = z.object({
  scenarioId: z.uuid(),
  runId: z.uuid(),
  password: z.string().meta({ description: 'The one password of every account of this load (shown once, never stored in clear)' }),
  accounts: z.array(scenarioAccount),
});

const scenarioStatus = z.object({
  scenarioId: z.uuid(),
  state: z.enum(SCENARIO_STATES),
  runId: z.uuid().nullable(),
  userIds: z.array(z.uuid()),
  loadedAt: timestamp.nullable(),
  resetRequestedAt: timestamp.nullable(),
  clearedAt: timestamp.nullable(),
  services: z.array(
    z.object({
      service: z.string(),
      appliedAccounts: z.number().int().meta({ description: 'Accounts of the load this service has applied' }),
      appliedRows: z.number().int(),
      applied: z.boolean().meta({ description: 'Every account of the load applied' }),
      clearedAt: timestamp.nullable(),
      deletedRows: z.number().int().nullable(),
    }),
  ),
});

export class TestScenarioDto extends ResponseDto(testScenarioView) {}
export class TestScenarioPageDto extends ResponseDto(pageOfItems(testScenarioView)) {}
export class ListTestScenariosQueryDto extends RequestDto(pageQuery) {}
export class LoadedScenarioDto extends ResponseDto(loadedScenario) {}
export type ScenarioAccountDto = z.output<typeof scenarioAccount>;
export class ScenarioStatusDto extends ResponseDto(scenarioStatus) {}
