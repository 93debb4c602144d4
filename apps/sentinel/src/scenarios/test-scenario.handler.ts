import { testScenarioHandler } from '@tandem/messaging';

import { SentinelScenarios } from './test-scenario.service';

/** sentinel takes part in test scenarios: its part applied and cleared, each confirmed to the gateway. */
export const TestScenarioHandler = testScenarioHandler('sentinel', SentinelScenarios);
