import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';

import { ContractViolationError, QueryRejectedError, QueryTimeoutError, QueryUnavailableError } from '@tandem/messaging';

const RETRY_AFTER_SECONDS = 2;

/** The one JSON shape of every error the gateway returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: string[];
  path: string;
}

/** Maps HTTP exceptions and bus errors to ErrorBody; anything unexpected is a logged 500 that reveals nothing. */
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
    const { status, message, details } = this.describe(exception);
    if (status >= 500) this.logger.error(`${request.method} ${path}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    const body: ErrorBody = { statusCode: status, error: HttpStatus[status]?.replaceAll('_', ' ') ?? 'Error', message, ...(details ? { details } : {}), path };
    if (response.headersSent) return;
    // A 429 says when to come back: its own wait, else a few seconds (a user's turn queue drains in seconds).
    if (status === 429 && !response.getHeader('Retry-After')) {
      const wait = (exception as { retryAfterSeconds?: number }).retryAfterSeconds ?? RETRY_AFTER_SECONDS;
      response.setHeader('Retry-After', String(wait));
    }
    response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; message: string; details?: string[] } {
    if (exception instanceof HttpException) {
      const payload = exception.getResponse();
      const raw = typeof payload === 'string' ? payload : (payload as { message?: string | string[] }).message;
      const messages = Array.isArray(raw) ? raw : [raw ?? exception.message];
      return { status: exception.getStatus(), message: messages.join('; '), ...(messages.length > 1 ? { details: messages } : {}) };
    }
    if (exception instanceof QueryTimeoutError || exception instanceof QueryUnavailableError) {
      return { status: 503, message: `A service did not answer in time (${exception.subject}); try again shortly` };
    }
    if (exception instanceof QueryRejectedError && exception.status < 500) return { status: exception.status, message: exception.message };
    // Input the route's DTO let through but the bus contract refuses (a mismatch between the two): the caller's bad input, not a crash.
    if (exception instanceof ContractViolationError && exception.part === 'request') return { status: 400, message: `Invalid request: ${exception.message}` };
    if (exception instanceof ContractViolationError || exception instanceof QueryRejectedError) return { status: 502, message: 'A service gave an invalid answer' };
    return { status: 500, message: 'Internal server error' };
  }
}
