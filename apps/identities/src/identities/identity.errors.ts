import { DomainError } from '@tandem/messaging';

/** Why the identities service refused something; each code has an answer status for request/reply. */
export enum IdentityErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  ARCHIVED = 'ARCHIVED',
  ALREADY_ARCHIVED = 'ALREADY_ARCHIVED',
  NOT_PROPOSED = 'NOT_PROPOSED',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  REFINEMENT_INCOMPLETE = 'REFINEMENT_INCOMPLETE',
  NOTHING_TO_EDIT = 'NOTHING_TO_EDIT',
}

const STATUS: Record<IdentityErrorCode, number> = {
  [IdentityErrorCode.NOT_FOUND]: 404,
  [IdentityErrorCode.NOTHING_TO_EDIT]: 400,
  [IdentityErrorCode.ARCHIVED]: 409,
  [IdentityErrorCode.ALREADY_ARCHIVED]: 409,
  [IdentityErrorCode.NOT_PROPOSED]: 409,
  [IdentityErrorCode.NOT_ACCEPTED]: 409,
  [IdentityErrorCode.REFINEMENT_INCOMPLETE]: 409,
};

/**
 * The one exception of this service: a code to branch on and a message a user can read. A
 * durable command refused this way becomes `command.rejected`; a query, a rejection with `status`.
 */
export class IdentityError extends DomainError<IdentityErrorCode> {
  constructor(code: IdentityErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static notFound(): IdentityError {
    return new IdentityError(IdentityErrorCode.NOT_FOUND, 'Identity not found');
  }
}
