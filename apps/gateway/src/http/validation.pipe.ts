import { BadRequestException, ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import type { z } from 'zod';

import type { FieldError } from './problem';
import { isZodDto, jsonSchemaOf, type ZodDto } from './zod-dto';

/**
 * The gateway's one validation pipe. A zod DTO (RequestDto) is parsed with its contract's
 * schema, so HTTP validation is exactly the bus's and a body the bus would refuse is a 400 here;
 * any other class goes through class-validator (whitelisting, unknown fields refused).
 */
export class HttpValidationPipe implements PipeTransform {
  private readonly classes = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalid(fieldErrors(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (!isZodDto(type)) return this.classes.transform(value, metadata);
    if (metadata.type === 'custom') return value;
    const input = metadata.type === 'query' ? coerceQuery(value as Record<string, unknown>, type) : (value ?? {});
    const parsed = type.zodSchema.safeParse(input);
    if (!parsed.success) throw invalid(zodFieldErrors(parsed.error.issues));
    return parsed.data;
  }
}

function invalid(errors: FieldError[]): BadRequestException {
  return new BadRequestException({ message: errors.map((error) => (error.message.startsWith(error.field) ? error.message : `${error.field}: ${error.message}`)), errors });
}

/** zod's issues as fields (`strengths.primaryStrength`); an unknown field is named as itself. */
export function zodFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: path ? `${path}.${key}` : key, message: `${path ? `${path}.${key}` : key} is not a field of this request` }));
    return [{ field: path || '(body)', message: issue.message }];
  });
}

/** class-validator's errors, nested ones included, as fields (`items.0.title`) and messages that name them. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: parent ? `${parent}.${message}` : message }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

const QUERY_TYPES = new WeakMap<ZodDto, Map<string, { type?: string; format?: string }>>();

/** A query string is text: numbers and booleans become what the schema expects, a lone value an array where one is wanted. */
function coerceQuery(query: Record<string, unknown> | undefined, type: ZodDto): Record<string, unknown> {
  let types = QUERY_TYPES.get(type);
  if (!types) {
    const properties = jsonSchemaOf(type.zodSchema, 'input').properties ?? {};
    types = new Map(Object.entries(properties).map(([name, property]) => [name, typeOf(property)]));
    QUERY_TYPES.set(type, types);
  }
  return Object.fromEntries(
    Object.entries(query ?? {}).map(([name, value]) => {
      const { type: wanted, format } = types.get(name) ?? {};
      if (typeof value !== 'string') return [name, value];
      if ((wanted === 'integer' || wanted === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return [name, Number(value)];
      if (wanted === 'boolean' && (value === 'true' || value === 'false')) return [name, value === 'true'];
      if (wanted === 'array') return [name, [value]];
      // Any ISO 8601 date or date-time is the UTC date-time the contract takes ("2026-11-01" -> "2026-11-01T00:00:00.000Z").
      if (format === 'date-time' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) return [name, new Date(value).toISOString()];
      return [name, value];
    }),
  );
}

function typeOf(property: Record<string, unknown>): { type?: string; format?: string } {
  if (typeof property.type === 'string') return { type: property.type, format: typeof property.format === 'string' ? property.format : undefined };
  const options = (property.anyOf ?? property.oneOf) as Array<Record<string, unknown>> | undefined;
  return options?.map(typeOf).find(({ type }) => type && type !== 'null') ?? {};
}
