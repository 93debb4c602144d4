import { Injectable } from '@nestjs/common';

import { ChatActionSettled, contractForSubject, type CommandContract, type Envelope } from '@tandem/contracts';

import type { ChatTransaction } from '../chat-transaction';
import { toActionView, type ActionResult, type CoachAction } from './coach-action.entity';
import { CoachActionRepository } from './coach-action.repository';

export type ActionOutcome = { status: 'SUCCEEDED'; result: ActionResult } | { status: 'FAILED'; result: { reason: string } };

/**
 * Writes an owner's answer onto the action whose command caused it (envelope.causationId is the
 * command's id) and announces it with chat.action.settled. Then the reply's next held action is
 * sent (after a success) or failed with the rest (after a failure). Messages that answer no
 * action of chat's, or one settled already, change nothing.
 */
@Injectable()
export class ActionSettlementService {
  constructor(private readonly actions: CoachActionRepository) {}

  async settle({ em, emit }: ChatTransaction, cause: Envelope, outcome: ActionOutcome): Promise<boolean> {
    if (!cause.causationId) return false;
    const action = await this.actions.findPendingByCommandForUpdate(em, cause.causationId);
    if (!action) return false;
    const announce = (settled: CoachAction) => emit(ChatActionSettled, { userId: settled.userId, coachMessageId: settled.coachMessage.id, action: toActionView(settled) }, { userId: settled.userId });
    Object.assign(action, outcome);
    announce(action);

    const held = await this.actions.findHeldAfter(em, action);
    if (outcome.status === 'SUCCEEDED' && held[0]) {
      const next = held[0];
      const contract = contractForSubject(next.heldCommand!.subject) as CommandContract | undefined;
      if (!contract) throw new Error(`No contract for held command ${next.heldCommand!.subject}`);
      next.commandMessageId = emit(contract, next.heldCommand!.payload as never, { userId: next.userId });
      next.heldCommand = null;
    } else if (outcome.status === 'FAILED') {
      for (const skipped of held) {
        Object.assign(skipped, { status: 'FAILED', result: { reason: `Not carried out: the ${action.type} before it failed` }, heldCommand: null });
        announce(skipped);
      }
    }
    await em.flush();
    return true;
  }
}
