import { testScenarioHandler } from '@tandem/messaging';

import { ChatScenarios } from './test-scenario.service';

/** chat takes part in test scenarios: its part applied and cleared, each confirmed to the gateway. */
export const TestScenarioHandler = testScenarioHandler('chat', ChatScenarios);
