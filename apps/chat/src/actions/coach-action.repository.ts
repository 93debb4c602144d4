import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { CoachAction } from './coach-action.entity';

export type NewAction = Pick<
  CoachAction,
  'id' | 'userId' | 'coachMessage' | 'type' | 'parameters' | 'status' | 'result' | 'commandMessageId' | 'heldCommand' | 'position' | 'testScenarioId' | 'createdAt' | 'updatedAt'
>;

/** The only code that touches actions; every call runs in the caller's transaction. */
@Injectable()
export class CoachActionRepository {
  /** Persisted with the caller's next flush. */
  add(em: EntityManager, data: NewAction): CoachAction {
    return em.create(CoachAction, data);
  }

  /** The still-pending action whose command caused a message, locked; null when none (or already settled). */
  findPendingByCommandForUpdate(em: EntityManager, commandMessageId: string): Promise<CoachAction | null> {
    return em.findOne(CoachAction, { commandMessageId, status: 'PENDING' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** The actions of a coach message still waiting to be sent, in order, locked. */
  findHeldAfter(em: EntityManager, action: CoachAction): Promise<CoachAction[]> {
    return em.find(
      CoachAction,
      { coachMessage: action.coachMessage, status: 'PENDING', commandMessageId: null, position: { $gt: action.position } },
      { orderBy: { position: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }
}
