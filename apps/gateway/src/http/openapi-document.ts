import { MODULE_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject } from '@nestjs/swagger';

import { IS_PUBLIC } from '@tandem/service';

import { ADMIN_ONLY, ALLOW_DURING_ERASURE } from '../auth/auth.decorators';
import { PROBLEM_SCHEMA, PROBLEM_TYPE_PREFIX, problemContent } from './problem';
import { sseComponents } from './openapi-sse';
import { zodComponents } from './zod-dto';

/** What the guards make true of a route, read from its decorators (the document alone does not say). */
interface RouteFact {
  isPublic: boolean;
  isAdmin: boolean;
  allowDuringErasure: boolean;
}

export interface RouteFacts {
  operationId(controller: string, method: string): string;
  of(operationId: string): RouteFact | undefined;
}

type Class = { name: string; prototype: object };

/**
 * Each route's operation id (`<controller><Method>`, e.g. `identitiesAccept`) and what its
 * decorators say about authentication, from the controllers of `module`.
 */
export function routeFacts(module: object): RouteFacts {
  const facts = new Map<string, RouteFact>();
  const ids = new Map<string, string>();
  const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) as Class[] | undefined) ?? [];
  const flag = (key: string, controller: Class, handler: unknown) => Boolean(Reflect.getMetadata(key, handler as object) ?? Reflect.getMetadata(key, controller));
  for (const controller of controllers) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      if (method === 'constructor') continue;
      const handler = (controller.prototype as Record<string, unknown>)[method];
      const id = `${lowerFirst(controller.name.replace(/Controller$/, ''))}${upperFirst(method)}`;
      if (facts.has(id)) throw new Error(`Two routes would share the operation id ${id}`);
      ids.set(`${controller.name}.${method}`, id);
      facts.set(id, { isPublic: flag(IS_PUBLIC, controller, handler), isAdmin: flag(ADMIN_ONLY, controller, handler), allowDuringErasure: flag(ALLOW_DURING_ERASURE, controller, handler) });
    }
  }
  return {
    operationId: (controller, method) => ids.get(`${controller}.${method}`) ?? `${lowerFirst(controller.replace(/Controller$/, ''))}${upperFirst(method)}`,
    of: (operationId) => facts.get(operationId),
  };
}

/** Summaries of routes whose controllers do not carry them (the authentication routes). */
const SUMMARIES: Record<string, string> = {
  authRegister: 'Create an account and get a token',
  authLogin: 'Log in and get a token',
  authLogout: 'Revoke this token',
  authLogoutEverywhere: 'Revoke every token of the account',
  authChangePassword: 'Change the password',
  authBrowserRegister: 'Create an account and start a browser session (cookie)',
  authBrowserLogin: 'Log in and start a browser session (cookie)',
  authBrowserSession: "The browser session's account and CSRF token",
  authBrowserLogout: 'End the browser session',
  authStreamTicket: 'A single-use ticket for GET /v1/events (EventSource cannot send a header)',
  healthReady: 'Readiness: PostgreSQL and NATS',
  healthLive: 'Liveness',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = NonNullable<Exclude<OperationObject['responses'][string], { $ref: string }>>;
type ReferenceObject = { $ref: string };

type Responses = Record<string, ResponseObject | ReferenceObject>;

/**
 * Completes what @nestjs/swagger read from the decorators with what holds for every route: its
 * security, a summary, and the problem+json errors the guards, pipes and services can answer
 * (400 with input, 401 and 403 behind a token, 404 on a resource path, 429 for the rate limit).
 */
export function completeDocument(document: OpenAPIObject, facts: RouteFacts): OpenAPIObject {
  const schemas: Record<string, object> = { ...document.components?.schemas, Problem: PROBLEM_SCHEMA, ...sseComponents() };
  // A zod DTO's component is its contract's JSON Schema, not what swagger made of its top-level properties.
  for (const [name, schema] of zodComponents()) if (name in schemas) schemas[name] = schema;
  document.components = { ...document.components, schemas };
  for (const [path, item] of Object.entries(document.paths)) {
    const isHealth = path.startsWith('/health');
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      // One handler on several paths gets `id[0]`, `id[1]`: ids must stay URL-safe and unique.
      const [, id = '', alias] = /^(.*?)(?:\[(\d+)\])?$/.exec(operation.operationId ?? '') ?? [];
      operation.operationId = alias && alias !== '0' ? `${id}At${upperFirst(path.split('/').pop() ?? alias)}` : id;
      const fact = facts.of(id) ?? { isPublic: isHealth, isAdmin: false, allowDuringErasure: false };
      operation.summary ??= SUMMARIES[id];
      // Behind authentication: a bearer token (API clients) or the browser's session cookie.
      operation.security = fact.isPublic ? [] : [{ bearer: [] }, { session: [] }];
      operation.parameters = headersOnce(operation.parameters)?.map(uuidPathId);
      const responses = operation.responses as unknown as Responses;
      if (isHealth) continue; // probes: their own 503 report, no rate limit
      const hasInput = Boolean(operation.requestBody) || (operation.parameters ?? []).length > 0;
      if (hasInput) responses['400'] ??= { description: 'The request is invalid: `detail` says why and `errors` names each field' };
      if (!fact.isPublic) {
        responses['401'] ??= { description: 'No bearer token, or one that is invalid, revoked or expired' };
        responses['403'] ??= {
          description: fact.isAdmin ? 'The caller is not an admin (an operator grants it: npm run admin -- grant <email>)' : 'The account is being deleted: only the erasure routes still answer',
        };
        if (fact.allowDuringErasure && !fact.isAdmin) delete responses['403'];
      }
      if (path.includes('{')) responses['404'] ??= { description: 'Not found, or not yours' };
      responses['429'] ??= { description: 'Too many requests: wait the seconds of Retry-After' };
      const tooMany = responses['429'] as ResponseObject;
      tooMany.headers ??= { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } };
      for (const [status, response] of Object.entries(responses) as Array<[string, ResponseObject | ReferenceObject]>) {
        if (Number(status) >= 400 && !('$ref' in response) && !response.content) response.content = problemContent();
      }
      operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  document.info.description = `${document.info.description ?? ''} Problem types are \`${PROBLEM_TYPE_PREFIX}<code>\`.`;
  return document;
}

type Parameter = NonNullable<OperationObject['parameters']>[number];

/**
 * A header read with @Headers() comes out required and undescribed, beside its @ApiHeader():
 * keep one per name (the described one), and none required (authentication is the security scheme).
 */
function headersOnce(parameters: OperationObject['parameters']): OperationObject['parameters'] {
  if (!parameters) return parameters;
  const headers = new Map<string, Parameter>();
  for (const parameter of parameters) {
    if ('$ref' in parameter || parameter.in !== 'header') continue;
    const name = parameter.name.toLowerCase();
    const kept = headers.get(name) as { description?: string } | undefined;
    if (!kept || (!kept.description && parameter.description)) headers.set(name, { ...parameter, required: false });
  }
  return parameters
    .filter((parameter) => '$ref' in parameter || parameter.in !== 'header' || (headers.get(parameter.name.toLowerCase()) as { name?: string } | undefined)?.name === parameter.name)
    .map((parameter) => ('$ref' in parameter || parameter.in !== 'header' ? parameter : headers.get(parameter.name.toLowerCase())!));
}

/** Every id in a path is a UUID (UuidParamPipe checks it): `id`, `userId`. */
function uuidPathId(parameter: Parameter): Parameter {
  if ('$ref' in parameter || parameter.in !== 'path' || !/^(id|[a-z]+Id)$/.test(parameter.name)) return parameter;
  return { ...parameter, schema: { type: 'string', format: 'uuid' } };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
