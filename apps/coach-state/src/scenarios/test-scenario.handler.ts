import { testScenarioHandler } from '@tandem/messaging';

import { CoachStateScenarios } from './test-scenario.service';

/** coach-state takes part in test scenarios: its part applied and cleared, each confirmed to the gateway. */
export const TestScenarioHandler = testScenarioHandler('coach-state', CoachStateScenarios);
