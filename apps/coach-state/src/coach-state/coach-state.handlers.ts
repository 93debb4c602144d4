import { Injectable } from '@nestjs/common';

import { IdentityAccepted, IdentityArchived, IdentityProposed, IdentityRefinementCompleted, TransitionPhase, UserDeleted, UserErased, UserRegistered, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { CoachStateService } from './coach-state.service';

/** Every message coach-state consumes: thin edges over CoachStateService. */
@Injectable()
export class CoachStateHandlers {
  constructor(private readonly states: CoachStateService) {}

  @OnMessage(UserRegistered)
  onUserRegistered({ userId }: PayloadOf<typeof UserRegistered>, context: HandlerContext): Promise<void> {
    return this.states.create(context, userId, context.envelope.testScenarioId);
  }

  /** A refused move (TransitionRefused) is answered with command.rejected by the consumer, not retried. */
  @OnMessage(TransitionPhase)
  onTransitionPhase({ userId, to }: PayloadOf<typeof TransitionPhase>, context: HandlerContext): Promise<void> {
    return this.states.transition(context, userId, to);
  }

  @OnMessage(IdentityProposed)
  onIdentityProposed({ identity }: PayloadOf<typeof IdentityProposed>, context: HandlerContext): Promise<void> {
    return this.states.applyIdentity(context, 'proposed', identity);
  }

  @OnMessage(IdentityAccepted)
  onIdentityAccepted({ identity }: PayloadOf<typeof IdentityAccepted>, context: HandlerContext): Promise<void> {
    return this.states.applyIdentity(context, 'accepted', identity);
  }

  @OnMessage(IdentityRefinementCompleted)
  onIdentityRefined({ identity }: PayloadOf<typeof IdentityRefinementCompleted>, context: HandlerContext): Promise<void> {
    return this.states.applyIdentity(context, 'refined', identity);
  }

  @OnMessage(IdentityArchived)
  onIdentityArchived({ identity }: PayloadOf<typeof IdentityArchived>, context: HandlerContext): Promise<void> {
    return this.states.applyIdentity(context, 'archived', identity);
  }

  @OnMessage(UserDeleted)
  async onUserDeleted({ userId }: PayloadOf<typeof UserDeleted>, { em, emit }: HandlerContext): Promise<void> {
    const erasedRows = await this.states.erase(em, userId);
    emit(UserErased, { userId, service: 'coach-state', erasedRows }, { userId });
  }
}
