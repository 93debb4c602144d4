import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import type { CommandContract } from '@tandem/contracts';

import type { CoachAction, HeldCommand } from '../actions/coach-action.entity';
import { CoachActionRepository } from '../actions/coach-action.repository';
import type { ChatMessage } from '../messages/chat-message.entity';
import type { ChatTransaction } from '../chat-transaction';
import { isCoachActionType, planAction, type ActionPlan, type ActionScope, type ToolCallRequest } from './action-plan';

/**
 * Turns a coach message's tool calls into actions, in the turn's transaction: refused ones are
 * stored with the reason; allowed ones are stored PENDING, the first with its command emitted to
 * its owner in the same transaction and the rest held until the one before succeeds
 * (ActionSettlementService sends them).
 */
@Injectable()
export class ActionDispatcher {
  private readonly logger = new Logger(ActionDispatcher.name);

  constructor(private readonly actions: CoachActionRepository) {}

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

  /** Stores the actions in order; only the first pending one is sent now, the others are held (see CoachAction). */
  dispatch(tx: ChatTransaction, coachMessage: ChatMessage, plans: ActionPlan[]): CoachAction[] {
    let sending = true;
    return plans.map((plan, position) => {
      let commandMessageId: string | null = null;
      let heldCommand: HeldCommand | null = null;
      if (plan.status === 'PENDING' && sending) {
        commandMessageId = tx.emit(plan.command.contract as CommandContract, plan.command.payload as never, { userId: coachMessage.userId });
        sending = false;
      } else if (plan.status === 'PENDING') {
        heldCommand = { subject: plan.command.contract.subject, payload: plan.command.payload as Record<string, unknown> };
      }
      return this.actions.add(tx.em, {
        id: randomUUID(),
        userId: coachMessage.userId,
        coachMessage,
        type: plan.type,
        parameters: plan.parameters,
        status: plan.status,
        result: plan.status === 'REFUSED' ? { reason: plan.reason } : null,
        commandMessageId,
        heldCommand,
        position,
        testScenarioId: coachMessage.testScenarioId,
        createdAt: coachMessage.createdAt,
        updatedAt: coachMessage.createdAt,
      });
    });
  }
}
