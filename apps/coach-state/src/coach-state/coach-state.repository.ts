import { LockMode, type EntityManager } from '@mikro-orm/postgresql';

import { CoachState } from './coach-state.entity';

/** The only code that touches coach_states; every call runs in the caller's transaction. */
export class CoachStateRepository {
  constructor(private readonly em: EntityManager) {}

  findByUser(userId: string): Promise<CoachState | null> {
    return this.em.findOne(CoachState, { userId });
  }

  /** Locks the row so concurrent events of one user apply one after another. */
  findByUserForUpdate(userId: string): Promise<CoachState | null> {
    return this.em.findOne(CoachState, { userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  add(state: CoachState): void {
    this.em.persist(state);
  }

  deleteByUser(userId: string): Promise<number> {
    return this.em.nativeDelete(CoachState, { userId });
  }
}
