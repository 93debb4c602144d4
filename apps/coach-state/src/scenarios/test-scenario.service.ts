import { Injectable } from '@nestjs/common';

import { CoachStateChanged, type PayloadOf, type TestScenarioLoaded, type TestScenarioReset } from '@tandem/contracts';
import type { HandlerContext, TestScenarioPart } from '@tandem/messaging';

import { CoachState, toView } from '../coach-state/coach-state.entity';
import { CoachStateRepository } from '../coach-state/coach-state.repository';
import { CoachStateService } from '../coach-state/coach-state.service';

type Tx = Pick<HandlerContext, 'em' | 'emit'>;

/** coach-state's part of a test scenario: the user's state, in the template's phase, tagged with the scenario. */
@Injectable()
export class CoachStateScenarios implements TestScenarioPart {
  constructor(private readonly states: CoachStateService) {}

  /**
   * user.registered and test-scenario.loaded travel on separate consumers, so either may come
   * first: the state is created here when missing (user.registered then finds it), then put in
   * the template's phase. Returns the rows the scenario owns here (0 or 1).
   */
  async apply(tx: Tx, { userId, scenarioId, template }: PayloadOf<typeof TestScenarioLoaded>): Promise<number> {
    const phase = template.coach?.phase;
    await this.states.create(tx, userId, scenarioId);
    await tx.em.flush();
    const state = await new CoachStateRepository(tx.em).findByUserForUpdate(userId);
    if (!state) return 0;
    if (phase && state.currentPhase !== phase) {
      const previousPhase = state.currentPhase;
      state.currentPhase = phase;
      state.progress = { ...state.progress, phaseHistory: [...state.progress.phaseHistory, { phase, at: new Date().toISOString() }] };
      await tx.em.flush();
      tx.emit(CoachStateChanged, { change: 'phase', previousPhase, state: toView(state) }, { userId });
    }
    return state.testScenarioId === scenarioId ? 1 : 0;
  }

  /** Deletes exactly the states tagged with the scenario. */
  clear(tx: Tx, { scenarioId }: PayloadOf<typeof TestScenarioReset>): Promise<number> {
    return tx.em.nativeDelete(CoachState, { testScenarioId: scenarioId });
  }
}
