import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import type { CommandContract } from '@tandem/contracts';
import type { HandlerContext, OutboxMessage } from '@tandem/messaging';

import type { HeldCommand } from '../actions/coach-action.entity';
import type { NewAction } from '../actions/coach-action.repository';
import type { NewReply } from '../messages/chat-message.repository';
import { isCoachActionType, planAction, type ActionPlan, type ActionScope, type ToolCallRequest } from './action-plan';

/**
 * Turns a coach message's tool calls into actions, in the turn's transaction: refused ones are
 * stored with the reason; allowed ones are stored PENDING, the first with its command sent to
 * its owner from the same transaction and the rest held until the one before succeeds
 * (ActionSettlementService sends them).
 */
@Injectable()
export class ActionDispatcher {
  private readonly logger = new Logger(ActionDispatcher.name);

  /** Plans without side effects: what the coach's text may describe before anything is stored. */
  plan(calls: ToolCallRequest[], scope: ActionScope): ActionPlan[] {
    return calls.flatMap((call) => {
      const name = call.name;
      if (isCoachActionType(name)) return [planAction({ ...call, name }, scope)];
      // Not one of the coach's actions (a model inventing tools): nothing to store or refuse.
      this.logger.warn(`ignored a call to unknown tool "${name.slice(0, 100)}"`);
      return [];
    });
  }

  /**
   * The reply's actions in order, and the command of the first pending one (its outbox row,
   * staged: the turn writes both with the reply, in one statement); the others are held (see
   * CoachAction).
   */
  dispatch(tx: Pick<HandlerContext, 'stage'>, reply: NewReply, plans: ActionPlan[]): { actions: NewAction[]; commands: OutboxMessage[] } {
    const commands: OutboxMessage[] = [];
    const actions = plans.map((plan, position): NewAction => {
      let commandMessageId: string | null = null;
      let heldCommand: HeldCommand | null = null;
      if (plan.status === 'PENDING' && !commands.length) {
        const command = tx.stage(plan.command.contract as CommandContract, plan.command.payload as never, { userId: reply.userId });
        commands.push(command);
        commandMessageId = command.id;
      } else if (plan.status === 'PENDING') {
        heldCommand = { subject: plan.command.contract.subject, payload: plan.command.payload as Record<string, unknown> };
      }
      return {
        id: randomUUID(),
        userId: reply.userId,
        coachMessageId: reply.id,
        type: plan.type,
        parameters: plan.parameters,
        status: plan.status,
        result: plan.status === 'REFUSED' ? { reason: plan.reason } : null,
        commandMessageId,
        heldCommand,
        position,
        testScenarioId: reply.testScenarioId,
        createdAt: reply.createdAt,
        updatedAt: reply.createdAt,
      };
    });
    return { actions, commands };
  }
}
