import { testScenarioHandler } from '@tandem/messaging';

import { ProgressScenarios } from './test-scenario.service';

/** progress takes part in test scenarios: its part applied and cleared, each confirmed to the gateway. */
export const TestScenarioHandler = testScenarioHandler('progress', ProgressScenarios);
