import { DomainError } from '@tandem/messaging';

/** Why progress refused something; each refusal carries the status a query answers with. */
export class ProgressError extends DomainError {
  static goalNotFound(): ProgressError {
    return new ProgressError('NOT_FOUND', 'Goal not found', 404);
  }

  static commitmentNotFound(): ProgressError {
    return new ProgressError('NOT_FOUND', 'Commitment not found', 404);
  }

  static reportNotFound(): ProgressError {
    return new ProgressError('NOT_FOUND', 'Report not found', 404);
  }

  static alreadySettled(status: string): ProgressError {
    return new ProgressError('ALREADY_SETTLED', `The commitment is already ${status}`, 409);
  }

  /** Bad input the contract cannot see (it needs the clock): a 400 naming the field. */
  static invalid(field: string, message: string): ProgressError {
    return new ProgressError('INVALID', `${field}: ${message}`, 400);
  }
}
