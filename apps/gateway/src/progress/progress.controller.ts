import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';

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
  SkipCommitmentNow,
  UpdateCheckInSettings,
  UpdateGoalNow,
  type ResponseOf,
} from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  CheckInSettingsDto,
  CheckInSettingsViewDto,
  CommitmentDto,
  CommitmentListDto,
  CreateCommitmentDto,
  CreateGoalDto,
  EnergyDto,
  EnergyListDto,
  GoalDto,
  GoalListDto,
  GoalWithCommitmentsDto,
  ListCommitmentsQueryDto,
  ListEnergyQueryDto,
  ListGoalsQueryDto,
  LogEnergyDto,
  MetricsDto,
  SettleCommitmentDto,
  UpdateGoalDto,
} from './progress.dto';

const id = new UuidParamPipe();

/**
 * Goals, commitments, energy, metrics and check-in settings, answered by the progress service.
 * Every request carries the caller's id from the token, so another user's goal or commitment
 * is a 404 there, exactly like a missing one.
 */
@ApiTags('progress')
@ApiBearerAuth()
@ApiServiceUnavailableResponse({ description: 'progress did not answer in time' })
@Controller()
export class ProgressController {
  constructor(private readonly services: ServiceQueries) {}

  @Get('goals')
  @ApiOperation({ summary: 'My goals' })
  @ApiOkResponse({ type: GoalListDto })
  listGoals(@CurrentUser() user: AuthenticatedUser, @Query() query: ListGoalsQueryDto): Promise<ResponseOf<typeof ListGoals>> {
    return this.services.ask(ListGoals, user.id, query);
  }

  @Post('goals')
  @ApiOperation({ summary: 'Set a goal' })
  @ApiCreatedResponse({ type: GoalDto })
  @ApiNotFoundResponse()
  createGoal(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateGoalDto): Promise<ResponseOf<typeof CreateGoalNow>> {
    return this.services.ask(CreateGoalNow, user.id, body);
  }

  @Get('goals/:id')
  @ApiOperation({ summary: 'One of my goals' })
  @ApiOkResponse({ type: GoalWithCommitmentsDto })
  @ApiNotFoundResponse()
  getGoal(@CurrentUser() user: AuthenticatedUser, @Param('id', id) goalId: string): Promise<ResponseOf<typeof GetGoal>> {
    return this.services.ask(GetGoal, user.id, { goalId });
  }

  @Patch('goals/:id')
  @ApiOperation({ summary: 'Change one of my goals' })
  @ApiOkResponse({ type: GoalDto })
  @ApiNotFoundResponse()
  updateGoal(@CurrentUser() user: AuthenticatedUser, @Param('id', id) goalId: string, @Body() body: UpdateGoalDto): Promise<ResponseOf<typeof UpdateGoalNow>> {
    return this.services.ask(UpdateGoalNow, user.id, { goalId, ...body });
  }

  @Get('commitments')
  @ApiOperation({ summary: 'My commitments' })
  @ApiOkResponse({ type: CommitmentListDto })
  listCommitments(@CurrentUser() user: AuthenticatedUser, @Query() query: ListCommitmentsQueryDto): Promise<ResponseOf<typeof ListCommitments>> {
    return this.services.ask(ListCommitments, user.id, query);
  }

  @Post('commitments')
  @ApiOperation({ summary: 'Make a commitment' })
  @ApiCreatedResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({ description: 'dueAt in the past, an unknown schedule' })
  @ApiNotFoundResponse({ description: 'goalId is not one of yours' })
  createCommitment(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateCommitmentDto): Promise<ResponseOf<typeof CreateCommitmentNow>> {
    return this.services.ask(CreateCommitmentNow, user.id, body);
  }

  @Post('commitments/:id/complete')
  @ApiOperation({ summary: 'Mark a commitment done' })
  @HttpCode(200)
  @ApiOkResponse({ type: CommitmentDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The commitment is already final' })
  complete(@CurrentUser() user: AuthenticatedUser, @Param('id', id) commitmentId: string, @Body() body: SettleCommitmentDto): Promise<ResponseOf<typeof CompleteCommitmentNow>> {
    return this.services.ask(CompleteCommitmentNow, user.id, { commitmentId, ...body });
  }

  @Post('commitments/:id/skip')
  @ApiOperation({ summary: 'Skip a commitment' })
  @HttpCode(200)
  @ApiOkResponse({ type: CommitmentDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The commitment is already final' })
  skip(@CurrentUser() user: AuthenticatedUser, @Param('id', id) commitmentId: string, @Body() body: SettleCommitmentDto): Promise<ResponseOf<typeof SkipCommitmentNow>> {
    return this.services.ask(SkipCommitmentNow, user.id, { commitmentId, ...body });
  }

  @Post('energy')
  @ApiOperation({ summary: 'Record my energy now' })
  @ApiCreatedResponse({ type: EnergyDto })
  logEnergy(@CurrentUser() user: AuthenticatedUser, @Body() body: LogEnergyDto): Promise<ResponseOf<typeof LogEnergyNow>> {
    return this.services.ask(LogEnergyNow, user.id, body);
  }

  @Get('energy')
  @ApiOperation({ summary: 'My energy over time' })
  @ApiOkResponse({ type: EnergyListDto })
  listEnergy(@CurrentUser() user: AuthenticatedUser, @Query() query: ListEnergyQueryDto): Promise<ResponseOf<typeof ListEnergy>> {
    return this.services.ask(ListEnergy, user.id, query);
  }

  @Get('metrics')
  @ApiOperation({ summary: 'My energy and consistency metrics' })
  @ApiOkResponse({ type: MetricsDto })
  metrics(@CurrentUser() user: AuthenticatedUser): Promise<ResponseOf<typeof GetProgressMetrics>> {
    return this.services.ask(GetProgressMetrics, user.id, {});
  }

  @Get('check-in-settings')
  @ApiOperation({ summary: 'My check-in settings' })
  @ApiOkResponse({ type: CheckInSettingsViewDto })
  settings(@CurrentUser() user: AuthenticatedUser): Promise<ResponseOf<typeof GetCheckInSettings>> {
    return this.services.ask(GetCheckInSettings, user.id, {});
  }

  @Put('check-in-settings')
  @ApiOperation({ summary: 'Change my check-in settings' })
  @ApiOkResponse({ type: CheckInSettingsViewDto })
  updateSettings(@CurrentUser() user: AuthenticatedUser, @Body() body: CheckInSettingsDto): Promise<ResponseOf<typeof UpdateCheckInSettings>> {
    return this.services.ask(UpdateCheckInSettings, user.id, { timeZone: body.timeZone, quietHoursStart: body.quietHoursStart ?? null, quietHoursEnd: body.quietHoursEnd ?? null });
  }
}
