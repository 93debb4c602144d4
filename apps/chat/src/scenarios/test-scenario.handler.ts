import { Injectable } from '@nestjs/common';

import { TestScenarioApplied, TestScenarioCleared, TestScenarioLoaded, TestScenarioReset, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ChatScenarios } from './test-scenario.service';

const SERVICE = 'chat';

/** Applies and clears chat's part of test scenarios, and confirms each to the gateway. */
@Injectable()
export class TestScenarioHandler {
  constructor(private readonly scenarios: ChatScenarios) {}

  @OnMessage(TestScenarioLoaded)
  async onLoaded({ scenarioId, userId, template }: PayloadOf<typeof TestScenarioLoaded>, context: HandlerContext): Promise<void> {
    const rows = await this.scenarios.apply(context, userId, scenarioId, template);
    context.emit(TestScenarioApplied, { scenarioId, userId, service: SERVICE, rows }, { userId });
  }

  @OnMessage(TestScenarioReset)
  async onReset({ scenarioId, userIds }: PayloadOf<typeof TestScenarioReset>, context: HandlerContext): Promise<void> {
    const deletedRows = await this.scenarios.clear(context, scenarioId, userIds);
    context.emit(TestScenarioCleared, { scenarioId, service: SERVICE, deletedRows });
  }
}
