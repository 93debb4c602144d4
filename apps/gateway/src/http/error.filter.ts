import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';

import { ContractViolationError, DomainError, QueryRejectedError, QueryTimeoutError, QueryUnavailableError } from '@tandem/messaging';

import { PROBLEM_CONTENT_TYPE, problemOf, type FieldError, type Problem } from './problem';

const RETRY_AFTER_SECONDS = 2;

interface Described {
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
}

/**
 * Answers every error as an RFC 9457 problem (application/problem+json) with a stable `code`:
 * a service's domain code as it came over the bus, the gateway's own DomainError codes, or a
 * generic one by status. Anything unexpected is a logged 500 that reveals nothing.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ method: string; originalUrl: string }>();
    const path = request.originalUrl.split('?')[0] ?? '';
    const response = http.getResponse<{
      headersSent: boolean;
      getHeader(name: string): unknown;
      setHeader(name: string, value: string): void;
      status(code: number): { json(body: unknown): void };
    }>();
    // Health checks answer 503 with their own report (which dependency is down): keep it.
    if (exception instanceof HttpException && path.startsWith('/health')) {
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const { status, detail, code, errors } = describe(exception);
    if (status >= 500) this.logger.error(`${request.method} ${path}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    const problem: Problem = problemOf(status, detail, { code, errors, instance: path });
    if (response.headersSent) return;
    // A 429 says when to come back: its own wait, else a few seconds (a user's turn queue drains in seconds).
    if (status === 429 && !response.getHeader('Retry-After')) {
      const wait = (exception as { retryAfterSeconds?: number }).retryAfterSeconds ?? RETRY_AFTER_SECONDS;
      response.setHeader('Retry-After', String(wait));
    }
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.status(status).json(problem);
  }
}

function describe(exception: unknown): Described {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof DomainError) return { status: exception.status, detail: exception.message, code: exception.code };
  if (exception instanceof QueryTimeoutError || exception instanceof QueryUnavailableError) {
    return { status: 503, detail: `A service did not answer in time (${exception.subject}); try again shortly` };
  }
  if (exception instanceof QueryRejectedError && exception.status < 500) {
    return { status: exception.status, detail: exception.message, code: exception.code, errors: exception.issues };
  }
  // Input the route's schema let through but the bus contract refuses (a mismatch between the two): the caller's bad input, not a crash.
  if (exception instanceof ContractViolationError && exception.part === 'request') {
    return { status: 400, detail: `Invalid request: ${exception.message}`, errors: exception.issues.length ? exception.issues : undefined };
  }
  if (exception instanceof ContractViolationError || exception instanceof QueryRejectedError) return { status: 502, detail: 'A service gave an invalid answer' };
  return { status: 500, detail: 'Internal server error' };
}

/** Nest's and the pipes' exceptions: a message or a list of them, and our `code` and `errors` when they carry them. */
function fromHttpException(exception: HttpException): Described {
  const payload = exception.getResponse();
  const body = typeof payload === 'string' ? { message: payload } : (payload as { message?: string | string[]; code?: unknown; errors?: FieldError[] });
  const messages = Array.isArray(body.message) ? body.message : [body.message ?? exception.message];
  const status = exception.getStatus();
  // class-validator's list of messages, each starting with its property's name.
  const errors = body.errors ?? (Array.isArray(body.message) ? body.message.map((message) => ({ field: fieldOf(message), message })) : undefined);
  return { status, detail: messages.join('; '), code: typeof body.code === 'string' ? body.code : undefined, errors };
}

/** `property isAdmin should not exist` and `email must be ...` both name their field. */
function fieldOf(message: string): string {
  const property = /^property (\S+) should not exist/.exec(message);
  return property?.[1] ?? message.split(' ')[0] ?? '';
}
