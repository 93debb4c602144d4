import { Controller } from '@nestjs/common';

import { GetCoachState, type CoachStateView, type PayloadOf } from '@tandem/contracts';
import { AnswerQuery, rejectQuery } from '@tandem/messaging';

import { CoachStateService } from './coach-state.service';

@Controller()
export class CoachStateController {
  constructor(private readonly states: CoachStateService) {}

  @AnswerQuery(GetCoachState)
  async get({ userId }: PayloadOf<typeof GetCoachState>): Promise<CoachStateView> {
    const state = await this.states.get(userId);
    if (!state) throw rejectQuery(404, 'No coach state for this user yet', 'COACH_STATE_NOT_FOUND');
    return state;
  }
}
