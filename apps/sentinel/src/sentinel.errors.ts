import { DomainError } from '@tandem/messaging';

/** Why the sentinel service refused a request; each code has an answer status for request/reply. */
export enum SentinelErrorCode {
  NOTE_NOT_FOUND = 'NOTE_NOT_FOUND',
  NOTE_IS_HISTORY = 'NOTE_IS_HISTORY',
  NOTHING_TO_EDIT = 'NOTHING_TO_EDIT',
  BAD_RANGE = 'BAD_RANGE',
}

const STATUS: Record<SentinelErrorCode, number> = {
  [SentinelErrorCode.NOTE_NOT_FOUND]: 404,
  [SentinelErrorCode.NOTE_IS_HISTORY]: 409,
  [SentinelErrorCode.NOTHING_TO_EDIT]: 400,
  [SentinelErrorCode.BAD_RANGE]: 400,
};

/** The one exception of this service: a code to branch on and a message a user can read. */
export class SentinelError extends DomainError<SentinelErrorCode> {
  constructor(code: SentinelErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  static noteNotFound(): SentinelError {
    return new SentinelError(SentinelErrorCode.NOTE_NOT_FOUND, 'Note not found');
  }
}
