import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';

import { GetTeamProfile, SaveTeamProfile, type TeamProfileView } from '@tandem/contracts';

import { ProfileService } from '../accounts/profile.service';
import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { SaveTeamProfileDto, TeamProfileDto } from './team-profile.dto';

/**
 * The caller's team profile, kept by team-connections. The gateway owns names, so each save
 * carries the account's current display name: colleagues see it on suggestions.
 */
@ApiTags('team connections')
@ApiBearerAuth()
@ApiServiceUnavailableResponse({ description: 'team-connections did not answer in time' })
@Controller('profile')
export class TeamProfileController {
  constructor(
    private readonly services: ServiceQueries,
    private readonly accounts: ProfileService,
  ) {}

  @Put()
  @ApiOperation({ summary: 'Save my team profile' })
  @ApiOkResponse({ type: TeamProfileDto })
  async save(@CurrentUser() user: AuthenticatedUser, @Body() profile: SaveTeamProfileDto): Promise<TeamProfileView> {
    const { firstName, lastName, username } = await this.accounts.get(user.id);
    const displayName = [firstName, lastName].filter(Boolean).join(' ') || username || null;
    return this.services.ask(SaveTeamProfile, user.id, { ...profile, displayName });
  }

  @Get()
  @ApiOperation({ summary: 'My team profile' })
  @ApiOkResponse({ type: TeamProfileDto })
  @ApiNotFoundResponse({ description: 'No team profile saved yet' })
  get(@CurrentUser() user: AuthenticatedUser): Promise<TeamProfileView> {
    return this.services.ask(GetTeamProfile, user.id, {});
  }
}
