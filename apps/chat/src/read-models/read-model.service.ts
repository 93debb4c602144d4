import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CoachStateView, IdentityView } from '@tandem/contracts';

import { coachingStateOf, type CoachingState } from './coaching-state';
import type { IdentitySnapshot } from './read-model.entities';
import { ReadModelRepository } from './read-model.repository';

/** What chat knows of other services' data, kept from their events. */
@Injectable()
export class ReadModelService {
  constructor(private readonly readModels: ReadModelRepository) {}

  applyCoachState(em: EntityManager, state: CoachStateView): Promise<void> {
    return this.readModels.upsertCoachContext(em, state);
  }

  applyIdentity(em: EntityManager, identity: IdentityView): Promise<void> {
    return this.readModels.upsertIdentity(em, identity);
  }

  async coachingStateOf(em: EntityManager, userId: string): Promise<CoachingState<IdentitySnapshot>> {
    const [context, identities] = await Promise.all([this.readModels.coachContextOf(em, userId), this.readModels.identitiesOf(em, userId)]);
    return coachingStateOf(context, identities);
  }

  erase(em: EntityManager, userId: string): Promise<number> {
    return this.readModels.deleteAllOf(em, userId);
  }
}
