import { Injectable } from '@nestjs/common';

import {
  ACTION_RESULTS_HANDLER,
  CoachStateChanged,
  CommandRejected,
  CommitmentChanged,
  ConnectionsSuggested,
  EnergyLogged,
  GoalChanged,
  IdentityAccepted,
  IdentityProposed,
  IdentityRefinementCompleted,
  IdentityUpdated,
  NoteDeleted,
  NoteSuperseded,
  type PayloadOf,
} from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ReadModelService } from '../read-models/read-model.service';
import { ActionSettlementService } from './action-settlement.service';

type IdentityEvent = PayloadOf<typeof IdentityProposed>;
const results = { handlerName: ACTION_RESULTS_HANDLER };

/**
 * Coach-state's and identities' events, whoever caused them: each is applied to the read models,
 * then, when it answers a command a coach action sent, settles that action (command.rejected
 * fails it). One consumer per subject does both in one transaction, so once an action is
 * announced settled, the coach's next turn already sees its effect. (It used to be a second
 * consumer beside ReadModelHandlers: every such event was read and applied twice.)
 */
@Injectable()
export class ActionResultsHandler {
  constructor(
    private readonly settlement: ActionSettlementService,
    private readonly readModels: ReadModelService,
  ) {}

  @OnMessage(IdentityProposed, results)
  onIdentityProposed(payload: IdentityEvent, context: HandlerContext): Promise<void> {
    return this.identityAnswered(payload, context);
  }

  @OnMessage(IdentityUpdated, results)
  onIdentityUpdated(payload: IdentityEvent, context: HandlerContext): Promise<void> {
    return this.identityAnswered(payload, context);
  }

  @OnMessage(IdentityAccepted, results)
  onIdentityAccepted(payload: IdentityEvent, context: HandlerContext): Promise<void> {
    return this.identityAnswered(payload, context);
  }

  @OnMessage(IdentityRefinementCompleted, results)
  onIdentityRefined(payload: IdentityEvent, context: HandlerContext): Promise<void> {
    return this.identityAnswered(payload, context);
  }

  @OnMessage(CoachStateChanged, results)
  async onCoachStateChanged({ state }: PayloadOf<typeof CoachStateChanged>, context: HandlerContext): Promise<void> {
    await this.readModels.applyCoachState(context.em, state);
    // Only what a command caused can settle an action.
    if (context.envelope.causationId) await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, phase: state.currentPhase } });
  }

  /**
   * team-connections answered a suggest_connection (it also answers gateway requests, which have
   * no action here). The result names suggestions by id only: colleagues' names stay with
   * team-connections, which erases them when a colleague leaves.
   */
  @OnMessage(ConnectionsSuggested, results)
  async onConnectionsSuggested({ suggestions }: PayloadOf<typeof ConnectionsSuggested>, context: HandlerContext): Promise<void> {
    if (!context.envelope.causationId) return;
    const suggestionIds = suggestions.map((suggestion) => suggestion.id);
    await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, count: suggestionIds.length, suggestionIds } });
  }

  /** progress answered create_commitment or complete_commitment (or the user changed a commitment elsewhere): the read model follows. */
  @OnMessage(CommitmentChanged, results)
  async onCommitmentChanged({ commitment, outcome }: PayloadOf<typeof CommitmentChanged>, context: HandlerContext): Promise<void> {
    await this.readModels.applyCommitment(context.em, commitment);
    if (context.envelope.causationId) {
      await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, commitmentId: commitment.id, status: commitment.status, outcome } });
    }
  }

  @OnMessage(GoalChanged, results)
  async onGoalChanged({ goal }: PayloadOf<typeof GoalChanged>, context: HandlerContext): Promise<void> {
    await this.readModels.applyGoal(context.em, goal);
    if (context.envelope.causationId) await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, goalId: goal.id } });
  }

  @OnMessage(EnergyLogged, results)
  async onEnergyLogged({ energy }: PayloadOf<typeof EnergyLogged>, context: HandlerContext): Promise<void> {
    if (context.envelope.causationId)
      await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, energyId: energy.id, level: energy.level } });
  }

  /** Sentinel answered forget_note (the user may also delete a note through the API: no action then). */
  @OnMessage(NoteDeleted, results)
  async onNoteDeleted({ noteId }: PayloadOf<typeof NoteDeleted>, context: HandlerContext): Promise<void> {
    if (context.envelope.causationId) await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, noteId } });
  }

  /** Sentinel answered correct_note: the new note and the one kept as history (learning from a message supersedes notes too: no action then). */
  @OnMessage(NoteSuperseded, results)
  async onNoteSuperseded({ note, superseded }: PayloadOf<typeof NoteSuperseded>, context: HandlerContext): Promise<void> {
    if (context.envelope.causationId)
      await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, noteId: note.id, supersededNoteId: superseded.id } });
  }

  @OnMessage(CommandRejected, results)
  async onCommandRejected({ reason }: PayloadOf<typeof CommandRejected>, context: HandlerContext): Promise<void> {
    await this.settlement.settle(context, context.envelope, { status: 'FAILED', result: { reason } });
  }

  private async identityAnswered({ identity }: IdentityEvent, context: HandlerContext): Promise<void> {
    await this.readModels.applyIdentity(context.em, identity);
    if (context.envelope.causationId) await this.settlement.settle(context, context.envelope, { status: 'SUCCEEDED', result: { event: context.envelope.type, identityId: identity.id } });
  }
}
