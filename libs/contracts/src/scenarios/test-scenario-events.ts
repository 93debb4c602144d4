import { z } from 'zod';

import { defineEvent } from '../define';
import { exampleScenarioTemplate, scenarioTemplate } from './test-scenario';

const scenarioId = '0b8e3c1d-5f2a-4c6b-9d7e-1a2b3c4d5e6f';
const userId = '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b';

export const TestScenarioLoaded = defineEvent({
  type: 'test-scenario.loaded',
  version: 1,
  owner: 'gateway',
  description:
    'An admin loaded a test scenario: the gateway created this account tagged with the scenario. Each service applies its section of the template for the user, tags every row with scenarioId, and confirms with test-scenario.applied.',
  payload: z.object({ scenarioId: z.uuid(), userId: z.uuid(), template: scenarioTemplate }),
  example: { scenarioId, userId, template: exampleScenarioTemplate },
});

export const TestScenarioReset = defineEvent({
  type: 'test-scenario.reset',
  version: 1,
  owner: 'gateway',
  description:
    "An admin reset a test scenario. Each service deletes exactly the rows tagged with scenarioId (and derived data it keeps on userIds, the scenario's accounts) and confirms with test-scenario.cleared; then the gateway deletes the accounts.",
  payload: z.object({ scenarioId: z.uuid(), userIds: z.array(z.uuid()).max(100) }),
  example: { scenarioId, userIds: [userId] },
});

export const TestScenarioApplied = defineEvent({
  type: 'test-scenario.applied',
  version: 1,
  owner: 'any service',
  description: "A service applied its section of a test scenario's template for one account; rows is how many rows it wrote.",
  payload: z.object({ scenarioId: z.uuid(), userId: z.uuid(), service: z.string().min(1), rows: z.number().int().nonnegative() }),
  example: { scenarioId, userId, service: 'identities', rows: 3 },
});

export const TestScenarioCleared = defineEvent({
  type: 'test-scenario.cleared',
  version: 1,
  owner: 'any service',
  description: 'A service deleted every row it held for a reset test scenario; deletedRows is how many.',
  payload: z.object({ scenarioId: z.uuid(), service: z.string().min(1), deletedRows: z.number().int().nonnegative() }),
  example: { scenarioId, service: 'identities', deletedRows: 3 },
});
