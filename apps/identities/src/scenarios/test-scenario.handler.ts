import { testScenarioHandler } from '@tandem/messaging';

import { IdentityScenarios } from './test-scenario.service';

/** identities takes part in test scenarios: its part applied and cleared, each confirmed to the gateway. */
export const TestScenarioHandler = testScenarioHandler('identities', IdentityScenarios);
