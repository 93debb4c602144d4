import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { CoachStateChanged, type CoachingPhase, type CoachStateView, type IdentityView } from '@tandem/contracts';
import type { HandlerContext } from '@tandem/messaging';

import { CoachState, toView } from './coach-state.entity';
import { CoachStateRepository } from './coach-state.repository';
import { assertTransition } from './phase-machine';

export type IdentityMove = 'proposed' | 'accepted' | 'refined' | 'archived';

/** Thrown while a user's state does not exist yet: the message is retried until user.registered lands. */
export class CoachStateMissing extends Error {
  constructor(userId: string) {
    super(`No coach state for user ${userId} yet`);
    this.name = CoachStateMissing.name;
  }
}

type Tx = Pick<HandlerContext, 'em' | 'emit'>;

@Injectable()
export class CoachStateService {
  constructor(private readonly em: EntityManager) {}

  async get(userId: string): Promise<CoachStateView | null> {
    const state = await new CoachStateRepository(this.em.fork()).findByUser(userId);
    return state ? toView(state) : null;
  }

  async create({ em, emit }: Tx, userId: string, testScenarioId: string | null): Promise<void> {
    const states = new CoachStateRepository(em);
    if (await states.findByUser(userId)) return;
    const now = new Date();
    const state = em.create(CoachState, {
      id: randomUUID(),
      userId,
      currentPhase: 'GET_TO_KNOW_YOU',
      progress: { acceptedIdentityIds: [], refinedIdentityIds: [], phaseHistory: [{ phase: 'GET_TO_KNOW_YOU', at: now.toISOString() }] },
      testScenarioId,
    });
    states.add(state);
    emit(CoachStateChanged, { change: 'created', previousPhase: null, state: toView(state) }, { userId });
  }

  /** Moves the phase or throws TransitionRefused; the state is unchanged on refusal. */
  async transition({ em, emit }: Tx, userId: string, to: CoachingPhase): Promise<void> {
    const state = await this.lock(em, userId);
    const from = state.currentPhase;
    assertTransition(from, to, state.progress);
    state.currentPhase = to;
    state.progress = { ...state.progress, phaseHistory: [...state.progress.phaseHistory, { phase: to, at: new Date().toISOString() }] };
    await em.flush();
    emit(CoachStateChanged, { change: 'phase', previousPhase: from, state: toView(state) }, { userId });
  }

  /** Keeps current and proposed identity in step with the identities service's events. */
  async applyIdentity({ em, emit }: Tx, move: IdentityMove, identity: IdentityView): Promise<void> {
    const state = await this.lock(em, identity.userId);
    const { id } = identity;
    const without = (ids: string[]) => ids.filter((other) => other !== id);
    const progress = state.progress;
    switch (move) {
      case 'proposed':
        state.proposedIdentityId = id;
        break;
      case 'accepted':
        state.currentIdentityId = id;
        if (state.proposedIdentityId === id) state.proposedIdentityId = null;
        state.progress = { ...progress, acceptedIdentityIds: [...without(progress.acceptedIdentityIds), id] };
        break;
      case 'refined':
        state.progress = { ...progress, refinedIdentityIds: [...without(progress.refinedIdentityIds), id] };
        break;
      case 'archived':
        // What ON DELETE SET NULL did across tables, done by event across services.
        if (state.currentIdentityId === id) state.currentIdentityId = null;
        if (state.proposedIdentityId === id) state.proposedIdentityId = null;
        state.progress = { ...progress, acceptedIdentityIds: without(progress.acceptedIdentityIds), refinedIdentityIds: without(progress.refinedIdentityIds) };
        break;
    }
    await em.flush();
    emit(CoachStateChanged, { change: 'identities', previousPhase: state.currentPhase, state: toView(state) }, { userId: identity.userId });
  }

  erase(em: EntityManager, userId: string): Promise<number> {
    return new CoachStateRepository(em).deleteByUser(userId);
  }

  private async lock(em: EntityManager, userId: string): Promise<CoachState> {
    const state = await new CoachStateRepository(em).findByUserForUpdate(userId);
    if (!state) throw new CoachStateMissing(userId);
    return state;
  }
}
