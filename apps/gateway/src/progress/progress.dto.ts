import { z } from 'zod';

import {
  CompleteCommitmentNow,
  CreateCommitmentNow,
  CreateGoalNow,
  GetCheckInSettings,
  GetGoal,
  GetProgressMetrics,
  ListCommitments,
  ListEnergy,
  ListGoals,
  LogEnergyNow,
  UpdateCheckInSettings,
  UpdateGoalNow,
} from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// progress's contracts (libs/contracts) are the schemas: the caller's id comes from the token, a goal's or commitment's from the path.
export class CreateGoalDto extends RequestDto(CreateGoalNow.payload.omit({ userId: true })) {}
export class UpdateGoalDto extends RequestDto(UpdateGoalNow.payload.omit({ userId: true, goalId: true })) {}
export class ListGoalsQueryDto extends RequestDto(ListGoals.payload.omit({ userId: true })) {}
export class ListCommitmentsQueryDto extends RequestDto(ListCommitments.payload.omit({ userId: true })) {}
export class CreateCommitmentDto extends RequestDto(CreateCommitmentNow.payload.omit({ userId: true })) {}
/** POST /v1/commitments/:id/complete and /skip. */
export class SettleCommitmentDto extends RequestDto(CompleteCommitmentNow.payload.omit({ userId: true, commitmentId: true })) {}
export class LogEnergyDto extends RequestDto(LogEnergyNow.payload.omit({ userId: true })) {}
export class ListEnergyQueryDto extends RequestDto(ListEnergy.payload.omit({ userId: true })) {}
/**
 * PUT /v1/check-in-settings: the whole settings. The contract's rule that quiet hours have both
 * ends or neither sits on the whole object (zod cannot omit from it): progress applies it, a 400
 * naming quietHoursEnd.
 */
export class CheckInSettingsDto extends RequestDto(z.object(UpdateCheckInSettings.payload.shape).omit({ userId: true })) {}

export class GoalDto extends ResponseDto(CreateGoalNow.response) {}
export class GoalWithCommitmentsDto extends ResponseDto(GetGoal.response) {}
export class GoalListDto extends ResponseDto(ListGoals.response) {}
export class CommitmentDto extends ResponseDto(CreateCommitmentNow.response) {}
export class CommitmentListDto extends ResponseDto(ListCommitments.response) {}
export class EnergyDto extends ResponseDto(LogEnergyNow.response) {}
export class EnergyListDto extends ResponseDto(ListEnergy.response) {}
export class MetricsDto extends ResponseDto(GetProgressMetrics.response) {}
export class CheckInSettingsViewDto extends ResponseDto(GetCheckInSettings.response) {}
