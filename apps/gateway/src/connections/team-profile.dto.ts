import { GetTeamProfile, SaveTeamProfile } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

/** PUT /v1/profile: the whole team profile (fields left out take their defaults); the gateway adds the account's display name. */
export class SaveTeamProfileDto extends RequestDto(SaveTeamProfile.payload.omit({ userId: true, displayName: true })) {}

export class TeamProfileDto extends ResponseDto(GetTeamProfile.response) {}
