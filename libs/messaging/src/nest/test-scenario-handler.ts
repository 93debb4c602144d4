import { Inject, Injectable, type Type } from '@nestjs/common';

import { TestScenarioApplied, TestScenarioCleared, TestScenarioLoaded, TestScenarioReset, type PayloadOf } from '@tandem/contracts';

import type { HandlerContext } from '../durable-consumer';
import { OnMessage } from './on-message.decorator';

/** What a service does with test scenarios: its own part of a loaded one, and an exact clean-up. */
export interface TestScenarioPart {
  /** Writes this service's part of the template for one scenario account, every row tagged with the scenario; returns the rows written. */
  apply(context: HandlerContext, loaded: PayloadOf<typeof TestScenarioLoaded>): Promise<number>;
  /** Deletes exactly the rows tagged with the scenario; returns how many. */
  clear(context: HandlerContext, reset: PayloadOf<typeof TestScenarioReset>): Promise<number>;
}

/**
 * The consumer every service registers to take part in test scenarios: it runs the service's
 * part in the message's transaction and confirms to the gateway (test-scenario.applied /
 * .cleared), which waits for every service, as for erasure.
 */
export function testScenarioHandler(service: string, part: Type<TestScenarioPart>): Type<unknown> {
  @Injectable()
  class TestScenarioHandler {
    constructor(@Inject(part) private readonly scenarios: TestScenarioPart) {}

    @OnMessage(TestScenarioLoaded)
    async onLoaded(loaded: PayloadOf<typeof TestScenarioLoaded>, context: HandlerContext): Promise<void> {
      const rows = await this.scenarios.apply(context, loaded);
      context.emit(TestScenarioApplied, { scenarioId: loaded.scenarioId, userId: loaded.userId, service, rows }, { userId: loaded.userId });
    }

    @OnMessage(TestScenarioReset)
    async onReset(reset: PayloadOf<typeof TestScenarioReset>, context: HandlerContext): Promise<void> {
      const deletedRows = await this.scenarios.clear(context, reset);
      context.emit(TestScenarioCleared, { scenarioId: reset.scenarioId, service, deletedRows });
    }
  }
  return TestScenarioHandler;
}
