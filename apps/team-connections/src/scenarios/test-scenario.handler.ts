import { testScenarioHandler } from '@tandem/messaging';

import { TeamScenarios } from './test-scenario.service';

/** team-connections takes part in test scenarios: its part applied and cleared, each confirmed to the gateway. */
export const TestScenarioHandler = testScenarioHandler('team-connections', TeamScenarios);
