/** Errors of request/reply, so callers (the gateway) can map them to HTTP statuses without string matching. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly subject: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Nobody answered in time: the answering service is slow or down (HTTP 503). */
export class QueryTimeoutError extends QueryError {}

/** No replica of the answering service is subscribed (HTTP 503). */
export class QueryUnavailableError extends QueryError {}

/** One field of a request that breaks its contract: its dotted path and why. */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * The answering service refused the request, e.g. not found or invalid (HTTP `status`), with its
 * domain `code` (a DomainError's, e.g. `CONVERSATION_ENDED`) when it gave one, and the fields at
 * fault when the request broke the contract.
 */
export class QueryRejectedError extends QueryError {
  constructor(
    message: string,
    subject: string,
    readonly status: number,
    readonly code?: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message, subject);
  }
}

/** A request or response that breaks its contract (a bug in the caller or the answering service). */
export class ContractViolationError extends QueryError {
  constructor(
    message: string,
    subject: string,
    /** Which side broke it: a request (the caller's input) or a response (the answering service). */
    readonly part: 'request' | 'response' = 'response',
    /** The fields at fault. */
    readonly issues: FieldIssue[] = [],
  ) {
    super(message, subject);
  }
}

/**
 * A service's rule refused something: a code to branch on, a message a user can read, and the
 * status a query answers with. @AnswerQuery answers it as a rejection with that status; a durable
 * command's handler announces it as command.rejected. Anything else thrown stays a 500.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
