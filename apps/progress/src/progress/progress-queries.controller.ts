import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  CompleteCommitmentNow,
  CreateCommitmentNow,
  CreateGoalNow,
  GetCheckInSettings,
  GetGoal,
  GetProgressMetrics,
  ListCommitments,
  ListCommitmentsV1,
  ListEnergy,
  ListEnergyV1,
  ListGoals,
  ListGoalsV1,
  LogEnergyNow,
  SkipCommitmentNow,
  UpdateCheckInSettings,
  UpdateGoalNow,
  type PayloadOf,
  type ResponseOf,
} from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { ProgressService } from './progress.service';

/**
 * Request/reply for the gateway. Every request names its user; another user's goal or
 * commitment is a 404. @Payload() is what makes Nest run AnswerQuery's request validation.
 */
@Controller()
export class ProgressQueriesController {
  constructor(private readonly progress: ProgressService) {}

  @AnswerQuery(ListGoals)
  listGoals(@Payload() { userId, status, cursor, limit }: PayloadOf<typeof ListGoals>): Promise<ResponseOf<typeof ListGoals>> {
    return this.progress.listGoals(userId, status, { cursor, limit });
  }

  /** Version 1's callers get every goal, without a cursor. */
  @AnswerQuery(ListGoalsV1)
  async listGoalsV1(@Payload() { userId, status }: PayloadOf<typeof ListGoalsV1>): Promise<ResponseOf<typeof ListGoalsV1>> {
    return { items: (await this.progress.listGoals(userId, status)).items };
  }

  @AnswerQuery(CreateGoalNow)
  createGoal(@Payload() { userId, ...input }: PayloadOf<typeof CreateGoalNow>): Promise<ResponseOf<typeof CreateGoalNow>> {
    return this.progress.createGoalNow(userId, input);
  }

  @AnswerQuery(GetGoal)
  getGoal(@Payload() { userId, goalId }: PayloadOf<typeof GetGoal>): Promise<ResponseOf<typeof GetGoal>> {
    return this.progress.getGoal(userId, goalId);
  }

  @AnswerQuery(UpdateGoalNow)
  updateGoal(@Payload() { userId, goalId, ...changes }: PayloadOf<typeof UpdateGoalNow>): Promise<ResponseOf<typeof UpdateGoalNow>> {
    return this.progress.updateGoalNow(userId, goalId, changes);
  }

  @AnswerQuery(ListCommitments)
  listCommitments(@Payload() { userId, cursor, limit, ...filter }: PayloadOf<typeof ListCommitments>): Promise<ResponseOf<typeof ListCommitments>> {
    return this.progress.listCommitments(userId, filter, { cursor, limit });
  }

  /** Version 1's callers get every commitment, without a cursor. */
  @AnswerQuery(ListCommitmentsV1)
  async listCommitmentsV1(@Payload() { userId, ...filter }: PayloadOf<typeof ListCommitmentsV1>): Promise<ResponseOf<typeof ListCommitmentsV1>> {
    return { items: (await this.progress.listCommitments(userId, filter)).items };
  }

  @AnswerQuery(CreateCommitmentNow)
  createCommitment(@Payload() { userId, ...input }: PayloadOf<typeof CreateCommitmentNow>): Promise<ResponseOf<typeof CreateCommitmentNow>> {
    return this.progress.createCommitmentNow(userId, input);
  }

  @AnswerQuery(CompleteCommitmentNow)
  complete(@Payload() { userId, commitmentId, note }: PayloadOf<typeof CompleteCommitmentNow>): Promise<ResponseOf<typeof CompleteCommitmentNow>> {
    return this.progress.settleNow(userId, commitmentId, 'COMPLETED', note);
  }

  @AnswerQuery(SkipCommitmentNow)
  skip(@Payload() { userId, commitmentId, note }: PayloadOf<typeof SkipCommitmentNow>): Promise<ResponseOf<typeof SkipCommitmentNow>> {
    return this.progress.settleNow(userId, commitmentId, 'SKIPPED', note);
  }

  @AnswerQuery(LogEnergyNow)
  logEnergy(@Payload() { userId, level, note }: PayloadOf<typeof LogEnergyNow>): Promise<ResponseOf<typeof LogEnergyNow>> {
    return this.progress.logEnergyNow(userId, level, note);
  }

  @AnswerQuery(ListEnergy)
  async listEnergy(@Payload() { userId, days }: PayloadOf<typeof ListEnergy>): Promise<ResponseOf<typeof ListEnergy>> {
    return { items: await this.progress.listEnergy(userId, days), nextCursor: null }; // bounded by `days`
  }

  @AnswerQuery(ListEnergyV1)
  async listEnergyV1(@Payload() { userId, days }: PayloadOf<typeof ListEnergyV1>): Promise<ResponseOf<typeof ListEnergyV1>> {
    return { items: await this.progress.listEnergy(userId, days) };
  }

  @AnswerQuery(GetProgressMetrics)
  metrics(@Payload() { userId }: PayloadOf<typeof GetProgressMetrics>): Promise<ResponseOf<typeof GetProgressMetrics>> {
    return this.progress.metrics(userId);
  }

  @AnswerQuery(GetCheckInSettings)
  settings(@Payload() { userId }: PayloadOf<typeof GetCheckInSettings>): Promise<ResponseOf<typeof GetCheckInSettings>> {
    return this.progress.settings(userId);
  }

  @AnswerQuery(UpdateCheckInSettings)
  updateSettings(@Payload() { userId, ...settings }: PayloadOf<typeof UpdateCheckInSettings>): Promise<ResponseOf<typeof UpdateCheckInSettings>> {
    return this.progress.updateSettingsNow(userId, settings);
  }
}
