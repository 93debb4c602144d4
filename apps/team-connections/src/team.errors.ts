import { DomainError } from '@tandem/messaging';

/** Why team-connections refused something; each code has an answer status for request/reply. */
export enum TeamErrorCode {
  PROFILE_NOT_FOUND = 'PROFILE_NOT_FOUND',
  SUGGESTION_NOT_FOUND = 'SUGGESTION_NOT_FOUND',
  NO_COMPANY = 'NO_COMPANY',
  INVALID_MOVE = 'INVALID_MOVE',
}

const STATUS: Record<TeamErrorCode, number> = {
  [TeamErrorCode.PROFILE_NOT_FOUND]: 404,
  [TeamErrorCode.SUGGESTION_NOT_FOUND]: 404,
  [TeamErrorCode.NO_COMPANY]: 409,
  [TeamErrorCode.INVALID_MOVE]: 409,
};

/**
 * The one exception of this service: a code to branch on and a message a user can read. A
 * durable command refused this way becomes `command.rejected`; a query, a rejection with `status`.
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
}
