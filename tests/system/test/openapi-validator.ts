import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Json;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json; 'x-sse-events'?: Record<string, { $ref: string }> }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

export interface Exchange {
  method: string;
  /** The path and query string, as sent. */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  status: number;
  contentType: string | null;
  /** The parsed JSON body, or for event streams the events read. */
  response?: unknown;
  events?: Array<{ type: string; data: unknown }>;
}

export const OPENAPI_PATH = join(__dirname, '..', '..', '..', 'docs', 'openapi.json');
const DOCUMENT_ID = 'openapi.json';

/**
 * Checks real requests and responses against docs/openapi.json, as a validating proxy would: the
 * operation exists, required parameters are there and valid, the body fits its schema, the status
 * and media type are documented and the response body (each event's data, for a stream) fits.
 * OpenAPI 3.0's `nullable` becomes JSON Schema's null type so that ajv can read the schemas.
 */
export class OpenApiValidator {
  private readonly document = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Document;
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes = Object.keys(this.document.paths)
    .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (path.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);

  constructor() {
    this.ajv.addSchema(nullableToJsonSchema(this.document) as Json, DOCUMENT_ID);
    this.ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)));
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    this.ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:/i);
  }

  /** Every way the exchange departs from the document; empty when it fits. */
  check(exchange: Exchange): string[] {
    const [pathname = '', search = ''] = exchange.url.split('?');
    const route = this.routes.find(({ pattern }) => pattern.test(pathname));
    const method = exchange.method.toLowerCase();
    const name = `${exchange.method} ${pathname} -> ${exchange.status}`;
    if (!route || !this.document.paths[route.path]![method]) return [`${name}: no such operation in the document`];
    const pointer = `/paths/${escape(route.path)}/${method}`;
    const operation = this.document.paths[route.path]![method]!;
    const problems: string[] = [];

    // The request.
    const query = new URLSearchParams(search);
    const values = pathValues(route.path, pathname);
    (operation.parameters ?? []).forEach((parameter, index) => {
      const raw = parameter.in === 'query' ? query.get(parameter.name) : parameter.in === 'path' ? values[parameter.name] : headerOf(exchange.headers, parameter.name);
      if (raw === undefined || raw === null) {
        if (parameter.required) problems.push(`${name}: the required ${parameter.in} parameter ${parameter.name} is missing`);
        return;
      }
      problems.push(...this.validate(`${pointer}/parameters/${index}/schema`, coerce(raw, parameter.schema)).map((error) => `${name}: ${parameter.in} parameter ${parameter.name} ${error}`));
    });
    for (const key of query.keys())
      if (!(operation.parameters ?? []).some((parameter) => parameter.in === 'query' && parameter.name === key)) problems.push(`${name}: undocumented query parameter ${key}`);
    if (exchange.body !== undefined) {
      if (!operation.requestBody?.content['application/json']) problems.push(`${name}: a JSON body where none is documented`);
      else problems.push(...this.validate(`${pointer}/requestBody/content/application~1json/schema`, exchange.body).map((error) => `${name}: request body ${error}`));
    } else if (operation.requestBody?.required && exchange.status < 400) problems.push(`${name}: the required body is missing`);
    // A request the gateway refused as invalid (400) is expected to break the document: only its answer must fit.
    if (exchange.status === 400) problems.length = 0;

    // The response.
    const response = operation.responses[String(exchange.status)] ?? operation.responses.default;
    if (!response) return [...problems, `${name}: status ${exchange.status} is not documented`];
    const mediaType = exchange.contentType?.split(';')[0]?.trim();
    if (!mediaType) {
      if (response.content && exchange.status !== 204) problems.push(`${name}: no body, but the document describes one`);
      return problems;
    }
    const media = response.content?.[mediaType];
    if (!media) return [...problems, `${name}: media type ${mediaType} is not documented for this status`];
    const mediaPointer = `${pointer}/responses/${exchange.status}/content/${escape(mediaType)}`;
    if (mediaType === 'text/event-stream') {
      for (const event of exchange.events ?? []) {
        const schema = media['x-sse-events']?.[event.type];
        if (!schema) problems.push(`${name}: undocumented event ${event.type}`);
        else problems.push(...this.validate(schema.$ref.slice(1), event.data).map((error) => `${name}: event ${event.type} ${error}`));
      }
    } else problems.push(...this.validate(`${mediaPointer}/schema`, exchange.response).map((error) => `${name}: response body ${error}`));
    return problems;
  }

  private validate(pointer: string, value: unknown): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
  }
}

const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

function pathValues(template: string, path: string): Record<string, string> {
  const names = template.split('/');
  const parts = path.split('/');
  return Object.fromEntries(names.flatMap((name, index) => (/^\{.+\}$/.test(name) ? [[name.slice(1, -1), decodeURIComponent(parts[index] ?? '')]] : [])));
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** A query or path value is text: read it as the schema's type, as the gateway does. */
function coerce(raw: string, schema: Json): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (schema.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * OpenAPI 3.0's schema dialect as JSON Schema: `nullable: true` adds null to the type (and the
 * enum), a boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the bound itself.
 */
export function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Json;
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof rest[exclusive] !== 'boolean') continue;
    if (rest[exclusive] === true) rest[exclusive] = rest[bound];
    else delete rest[exclusive];
    if (rest[exclusive] !== undefined) delete rest[bound];
  }
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, nullableToJsonSchema(value)]));
  if (nullable !== true) return converted;
  if (typeof converted.type === 'string') {
    const enumValues = converted.enum as unknown[] | undefined;
    return { ...converted, type: [converted.type, 'null'], ...(enumValues ? { enum: [...enumValues, null] } : {}) };
  }
  return { anyOf: [converted, { type: 'null' }] };
}
