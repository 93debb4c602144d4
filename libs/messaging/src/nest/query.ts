import { MikroORM } from '@mikro-orm/postgresql';
import {
  applyDecorators,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationShutdown,
  type PipeTransform,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { MessagePattern, RpcException, Transport, type NatsContext } from '@nestjs/microservices';
import { connect, headers as natsHeaders, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import { catchError, map, Observable, throwError } from 'rxjs';
import type { z } from 'zod';

import type { QueryContract } from '@tandem/contracts';

import { BusNames } from '../bus-names';
import { isErased } from '../erasure';
import { ContractViolationError, DomainError, QueryRejectedError, QueryTimeoutError, QueryUnavailableError, type FieldIssue } from '../errors';
import { HEADER } from '../headers';
import { natsConnectionOptions, readNatsEnv } from '../nats-connection';
import { currentTraceparent, inSpan, SpanKind, traceContextOf } from '../telemetry';
import { USER_ERASED } from './message-bus';
import { BUS_NAMES, MESSAGING_OPTIONS, type MessagingOptions } from './tokens';

/**
 * What an answering service sends back when it refuses a request: the status, a message people
 * can read, the domain code to branch on (a DomainError's), and the fields at fault for a request
 * that breaks the contract. The asker gets them all on its QueryRejectedError.
 */
interface RejectionBody {
  status: number;
  message: string;
  code?: string;
  errors?: FieldIssue[];
}

/** The code of a request refused because it breaks its contract. */
export const INVALID_REQUEST = 'VALIDATION_FAILED';

/** zod's issues as fields (`strengths.primaryStrength`) and messages. */
export function fieldIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldIssue[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}

class RequestContractPipe implements PipeTransform {
  constructor(private readonly contract: QueryContract) {}

  transform(value: unknown): unknown {
    const parsed = this.contract.payload.safeParse(value);
    if (!parsed.success) {
      throw new RpcException({ status: 400, message: `${this.contract.subject}: ${parsed.error.message}`, code: INVALID_REQUEST, errors: fieldIssues(parsed.error.issues) } satisfies RejectionBody);
    }
    return parsed.data;
  }
}

class ResponseContractInterceptor implements NestInterceptor {
  constructor(private readonly contract: QueryContract) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((response: unknown) => {
        const parsed = this.contract.response.safeParse(response);
        // Never send a contract-breaking answer: the caller gets a 500 that says why.
        if (!parsed.success) throw new RpcException({ status: 500, message: `response breaks ${this.contract.subject}: ${parsed.error.message}` } satisfies RejectionBody);
        return parsed.data;
      }),
      // A rule's refusal is an answer (its status and message), not a server error.
      catchError((error: unknown) => throwError(() => (error instanceof DomainError ? rejectionOf(error) : error))),
    );
  }
}

export interface AnswerQueryOptions {
  /**
   * The handler's first step is a MessageBus transaction for the request's user, which locks them
   * and checks their tombstone: checking it before as well would be one more round trip for the
   * same answer (an erased user's USER_ERASED is answered as the check's 404).
   */
  erasureCheckedByHandler?: boolean;
}

/**
 * Answers a query (on a controller method) through @nestjs/microservices' NATS transport, in the service's queue group so
 * replicas share the load. The request is validated before the handler runs, the response after.
 * Throw a DomainError (or `rejectQuery(status, message, code)`) to refuse a request: its code
 * reaches the asker (and the gateway's problem+json).
 */
export function AnswerQuery(contract: QueryContract, { erasureCheckedByHandler = false }: AnswerQueryOptions = {}): MethodDecorator {
  // Read at decoration time: a test file sets BUS_NAMESPACE before its modules load.
  const names = new BusNames(readNatsEnv().BUS_NAMESPACE);
  const erasure = erasureCheckedByHandler ? [] : [ErasedUserInterceptor];
  return applyDecorators(
    MessagePattern(names.subject(contract.subject)),
    UsePipes(new RequestContractPipe(contract)),
    UseInterceptors(new QueryTraceInterceptor(contract), ...erasure, new ResponseContractInterceptor(contract)),
  );
}

/** Answers in a span that continues the asker's trace (the request's `traceparent` header). */
class QueryTraceInterceptor implements NestInterceptor {
  constructor(private readonly contract: QueryContract) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const traceparent = (context.switchToRpc().getContext<NatsContext>().getHeaders() as { get(name: string): string } | undefined)?.get(HEADER.traceparent);
    if (!traceparent) return next.handle();
    return new Observable((subscriber) => {
      void inSpan(`${this.contract.subject} answer`, SpanKind.SERVER, traceContextOf(traceparent), { 'messaging.system': 'nats', 'messaging.destination.name': this.contract.subject }, async () => {
        await new Promise<void>((settled) =>
          next.handle().subscribe({ next: (value) => subscriber.next(value), error: (error: unknown) => (subscriber.error(error), settled()), complete: () => (subscriber.complete(), settled()) }),
        );
      });
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refuses a query about a user this service has erased (404, as for a stranger), the way the
 * consumer drops their late messages: once erased, nothing is answered for them again.
 */
@Injectable()
class ErasedUserInterceptor implements NestInterceptor {
  constructor(private readonly orm: MikroORM) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const userId = (context.switchToRpc().getData() as { userId?: unknown } | null)?.userId;
    if (typeof userId === 'string' && UUID.test(userId) && (await isErased(this.orm.em.fork(), userId))) throw erasedUser();
    return next.handle();
  }
}

/** A rule's refusal as its answer; an erased user, whichever check found them, as a stranger. */
function rejectionOf(error: DomainError): RpcException {
  return error.code === USER_ERASED ? erasedUser() : rejectQuery(error.status, error.message, error.code);
}

const erasedUser = () => rejectQuery(404, 'No such user', 'NOT_FOUND');

export function rejectQuery(status: number, message: string, code?: string): RpcException {
  return new RpcException({ status, message, ...(code ? { code } : {}) } satisfies RejectionBody);
}

/** Lets an HTTP app answer queries too: call before `listen`. */
export async function serveQueries(app: INestApplication, service: string): Promise<void> {
  await app.init(); // the transport registers the controllers' patterns of an initialised app
  app.connectMicroservice({ transport: Transport.NATS, options: { ...natsConnectionOptions(service), queue: service, name: `${service}-queries` } }, { inheritAppConfig: true });
  await app.startAllMicroservices();
}

export interface AskOptions {
  timeoutMs?: number;
}

/**
 * Asks another service a question and waits for a validated answer, or a clear error. The question
 * travels as @nestjs/microservices' NATS packet (`{pattern, data, id}`), which the answering
 * side's transport reads, as one request on the connection's shared reply subscription: Nest's
 * own client subscribed and unsubscribed an inbox of its own for every question.
 */
@Injectable()
export class QueryClient implements OnApplicationShutdown {
  private connection?: Promise<NatsConnection>;
  private asked = 0;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(BUS_NAMES) private readonly names: BusNames,
  ) {}

  async ask<C extends QueryContract>(contract: C, request: z.input<C['payload']>, { timeoutMs = 3_000 }: AskOptions = {}): Promise<z.output<C['response']>> {
    const subject = contract.subject;
    const parsedRequest = contract.payload.safeParse(request);
    if (!parsedRequest.success) throw new ContractViolationError(`request breaks ${subject}: ${parsedRequest.error.message}`, subject, 'request', fieldIssues(parsedRequest.error.issues));
    const raw = await inSpan(`${subject} ask`, SpanKind.CLIENT, traceContextOf(undefined), { 'messaging.system': 'nats', 'messaging.destination.name': subject }, async () => {
      const traceparent = currentTraceparent();
      const headers = traceparent ? natsHeaders() : undefined;
      if (traceparent) headers!.set(HEADER.traceparent, traceparent);
      const pattern = this.names.subject(subject);
      let answer: { err?: unknown; response?: unknown };
      try {
        const reply = await (await this.connect()).request(pattern, JSON.stringify({ pattern, data: parsedRequest.data, id: String(++this.asked) }), { timeout: timeoutMs, headers });
        answer = reply.data.length ? reply.json() : {};
      } catch (error) {
        throw this.translate(error, subject, timeoutMs);
      }
      if (answer.err) throw this.translate(answer.err, subject, timeoutMs);
      if (!('response' in answer)) throw new QueryRejectedError(`${subject}: the answer was empty`, subject, 500);
      return answer.response;
    });
    const response = contract.response.safeParse(raw);
    if (!response.success) throw new ContractViolationError(`response breaks ${subject}: ${response.error.message}`, subject, 'response');
    return response.data as z.output<C['response']>;
  }

  /** The query connection's round trip (it connects first if it has not yet): readiness counts it. */
  async rtt(): Promise<number> {
    return (await this.connect()).rtt();
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    await connection?.close();
  }

  /** Connects on the first question; a failed attempt is tried again on the next one. */
  private connect(): Promise<NatsConnection> {
    this.connection ??= connect({ ...natsConnectionOptions(this.options.service), name: `${this.options.service}-query-client` }).catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private translate(error: unknown, subject: string, timeoutMs: number): Error {
    if (error instanceof TimeoutError) return new QueryTimeoutError(`${subject}: no answer within ${timeoutMs} ms`, subject);
    if (error instanceof RequestError && error.isNoResponders()) return new QueryUnavailableError(`${subject}: no service is answering`, subject);
    const body = error as Partial<RejectionBody> & { code?: string; message?: string };
    if (typeof body.status === 'number' && typeof body.message === 'string') {
      const issues = Array.isArray(body.errors) ? body.errors.filter((issue) => typeof issue?.field === 'string' && typeof issue.message === 'string') : undefined;
      return new QueryRejectedError(body.message, subject, body.status, typeof body.code === 'string' ? body.code : undefined, issues?.length ? issues : undefined);
    }
    if (/no responders|no subscribers|503/i.test(`${body.code ?? ''} ${body.message ?? ''}`)) return new QueryUnavailableError(`${subject}: no service is answering`, subject);
    return new QueryRejectedError(body.message ?? String(error), subject, 500);
  }
}
