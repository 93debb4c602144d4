import { DomainError } from '@tandem/messaging';

/** Why team-connections refused something; each code has an answer status for request/reply. */
export enum TeamErrorCode {
  PROFILE_NOT_FOUND = 'PROFILE_NOT_FOUND',
  SUGGESTION_NOT_FOUND = 'SUGGESTION_NOT_FOUND',
  NO_ORGANISATION = 'NO_ORGANISATION',
  INVALID_MOVE = 'INVALID_MOVE',
  ORGANISATION_NOT_FOUND = 'ORGANISATION_NOT_FOUND',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  NOT_ADMIN = 'NOT_ADMIN',
  INVALID_INVITATION = 'INVALID_INVITATION',
  DOMAIN_NOT_VERIFIED = 'DOMAIN_NOT_VERIFIED',
  DOMAIN_JOIN_DISABLED = 'DOMAIN_JOIN_DISABLED',
  DOMAIN_TAKEN = 'DOMAIN_TAKEN',
  DOMAIN_NOT_FOUND = 'DOMAIN_NOT_FOUND',
  COLLEAGUE_NOT_FOUND = 'COLLEAGUE_NOT_FOUND',
  BLOCK_NOT_FOUND = 'BLOCK_NOT_FOUND',
}

const STATUS: Record<TeamErrorCode, number> = {
  [TeamErrorCode.PROFILE_NOT_FOUND]: 404,
  [TeamErrorCode.SUGGESTION_NOT_FOUND]: 404,
  [TeamErrorCode.NO_ORGANISATION]: 409,
  [TeamErrorCode.INVALID_MOVE]: 409,
  [TeamErrorCode.ORGANISATION_NOT_FOUND]: 404,
  [TeamErrorCode.ALREADY_MEMBER]: 409,
  [TeamErrorCode.NOT_ADMIN]: 403,
  [TeamErrorCode.INVALID_INVITATION]: 400,
  [TeamErrorCode.DOMAIN_NOT_VERIFIED]: 400,
  [TeamErrorCode.DOMAIN_JOIN_DISABLED]: 403,
  [TeamErrorCode.DOMAIN_TAKEN]: 409,
  [TeamErrorCode.DOMAIN_NOT_FOUND]: 404,
  [TeamErrorCode.COLLEAGUE_NOT_FOUND]: 404,
  [TeamErrorCode.BLOCK_NOT_FOUND]: 404,
};

/**
 * The one exception of this service: a code to branch on and a message a user can read. A
 * durable command refused this way becomes `command.rejected`; a query, a rejection with `status`.
 * A 400 starts with the field it is about (`invitation: ...`), as the gateway's own 400s do.
 */
export class TeamError extends DomainError<TeamErrorCode> {
  constructor(code: TeamErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static profileNotFound(): TeamError {
    return new TeamError(TeamErrorCode.PROFILE_NOT_FOUND, 'Team profile not found: save one with PUT /v1/profile');
  }

  static suggestionNotFound(): TeamError {
    return new TeamError(TeamErrorCode.SUGGESTION_NOT_FOUND, 'Suggestion not found');
  }

  static noOrganisation(): TeamError {
    return new TeamError(TeamErrorCode.NO_ORGANISATION, 'Join your organisation to get suggestions from colleagues: with an invitation from its admin, or with a work email whose domain it verified');
  }

  static organisationNotFound(): TeamError {
    return new TeamError(TeamErrorCode.ORGANISATION_NOT_FOUND, 'You do not belong to an organisation');
  }

  static notAdmin(): TeamError {
    return new TeamError(TeamErrorCode.NOT_ADMIN, "Only your organisation's admins can do this");
  }

  /** The same answer for someone who does not exist, is elsewhere, or blocked the caller. */
  static colleagueNotFound(): TeamError {
    return new TeamError(TeamErrorCode.COLLEAGUE_NOT_FOUND, 'Colleague not found');
  }
}
