import { Injectable } from '@nestjs/common';

import { CoachStateChanged, IdentityAccepted, IdentityArchived, IdentityProposed, IdentityRefinementCompleted, IdentityUpdated, type PayloadOf } from '@tandem/contracts';
import { OnMessage, type HandlerContext } from '@tandem/messaging';

import { ReadModelService } from './read-model.service';

type IdentityEvent = PayloadOf<typeof IdentityProposed>;

/** Keeps the read models from coach-state's and identities' events, whoever caused them. */
@Injectable()
export class ReadModelHandlers {
  constructor(private readonly readModels: ReadModelService) {}

  @OnMessage(CoachStateChanged)
  onCoachStateChanged({ state }: PayloadOf<typeof CoachStateChanged>, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyCoachState(em, state);
  }

  @OnMessage(IdentityProposed)
  onIdentityProposed({ identity }: IdentityEvent, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyIdentity(em, identity);
  }

  @OnMessage(IdentityUpdated)
  onIdentityUpdated({ identity }: IdentityEvent, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyIdentity(em, identity);
  }

  @OnMessage(IdentityAccepted)
  onIdentityAccepted({ identity }: IdentityEvent, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyIdentity(em, identity);
  }

  @OnMessage(IdentityRefinementCompleted)
  onIdentityRefined({ identity }: IdentityEvent, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyIdentity(em, identity);
  }

  @OnMessage(IdentityArchived)
  onIdentityArchived({ identity }: IdentityEvent, { em }: HandlerContext): Promise<void> {
    return this.readModels.applyIdentity(em, identity);
  }
}
