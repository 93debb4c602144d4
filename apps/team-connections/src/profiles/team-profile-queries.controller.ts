import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { GetTeamProfile, SaveTeamProfile, type PayloadOf, type TeamProfileView } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { TeamProfileService } from './team-profile.service';

/** Request/reply for the gateway: a user's own team profile. */
@Controller()
export class TeamProfileQueriesController {
  constructor(private readonly profiles: TeamProfileService) {}

  @AnswerQuery(SaveTeamProfile)
  save(@Payload() request: PayloadOf<typeof SaveTeamProfile>): Promise<TeamProfileView> {
    return this.profiles.save(request);
  }

  @AnswerQuery(GetTeamProfile)
  get(@Payload() { userId }: PayloadOf<typeof GetTeamProfile>): Promise<TeamProfileView> {
    return this.profiles.get(userId);
  }
}
