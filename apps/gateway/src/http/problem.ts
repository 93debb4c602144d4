import { HttpStatus } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

type SchemaObject = Exclude<NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string], { $ref: string }>;

/** One field a request got wrong: its path (`strengths.primaryStrength`, `items.0.title`) and why. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An RFC 9457 problem detail, the body of every error the gateway answers: `code` is stable and
 * meant for programs (a service's domain code such as `CONVERSATION_ENDED`, or one of the
 * gateway's own), `detail` is for people and may change.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are URNs named by the code (`urn:tandem:problem:conversation-ended`): stable, and never fetched. */
export const PROBLEM_TYPE_PREFIX = 'urn:tandem:problem:';

/** The gateway's own codes, for errors no service answered. */
export const GENERIC_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

export function problemOf(status: number, detail: string, options: { code?: string; instance?: string; errors?: FieldError[] } = {}): Problem {
  const code = options.code ?? GENERIC_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'ERROR');
  return {
    type: `${PROBLEM_TYPE_PREFIX}${code.toLowerCase().replaceAll('_', '-')}`,
    title: HttpStatus[status] ? titleCase(HttpStatus[status]) : 'Error',
    status,
    detail,
    code,
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.errors?.length ? { errors: options.errors } : {}),
  };
}

const titleCase = (name: string) =>
  name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'An RFC 9457 problem detail. Branch on `code`; show `detail` to people.',
  properties: {
    type: { type: 'string', description: `\`${PROBLEM_TYPE_PREFIX}\` and the code in kebab case`, example: `${PROBLEM_TYPE_PREFIX}conversation-ended` },
    title: { type: 'string', description: 'The HTTP status in words', example: 'Conflict' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 409 },
    detail: { type: 'string', description: 'What went wrong, for people', example: 'The conversation has ended; start a new one' },
    code: {
      type: 'string',
      pattern: '^[A-Z][A-Z0-9_]*$',
      description: `Stable, for programs: a service's own code (for example NOT_FOUND, CONVERSATION_ENDED, NOT_PROPOSED) or the gateway's (${Object.values(GENERIC_CODES).join(', ')})`,
      example: 'CONVERSATION_ENDED',
    },
    instance: { type: 'string', description: 'The path that was asked for', example: '/v1/chat/messages' },
    errors: {
      type: 'array',
      description: 'On validation failures: each field that is wrong',
      items: {
        type: 'object',
        properties: { field: { type: 'string', example: 'content' }, message: { type: 'string', example: 'content must not be empty' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
};

export function problemContent(): Record<string, { schema: { $ref: string } }> {
  return { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } };
}
