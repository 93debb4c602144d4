import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';

import { GetCoachState, type CoachStateView } from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { CoachStateDto } from './coach-state.dto';

@ApiTags('coaching')
@ApiBearerAuth()
@Controller('coach-state')
export class CoachStateController {
  constructor(private readonly services: ServiceQueries) {}

  @Get()
  @ApiOperation({ summary: 'My coaching phase, current and proposed identity, and progress' })
  @ApiOkResponse({ type: CoachStateDto })
  @ApiServiceUnavailableResponse({ description: 'coach-state did not answer in time' })
  get(@CurrentUser() user: AuthenticatedUser): Promise<CoachStateView> {
    return this.services.ask(GetCoachState, user.id, {});
  }
}
