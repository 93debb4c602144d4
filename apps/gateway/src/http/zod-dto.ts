import { z } from 'zod';

/** `_OPENAPI_METADATA_FACTORY`: where @nestjs/swagger reads a class's properties when it has no decorators. */
const METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

export type Io = 'input' | 'output';

/** A DTO class whose shape is a zod schema from libs/contracts: what the pipe validates and the document shows. */
export interface ZodDto<S extends z.ZodType = z.ZodType> {
  new (): z.output<S>;
  readonly zodSchema: S;
  readonly zodIo: Io;
}

/** Every zod DTO's name, schema and side, filled as @nestjs/swagger reads the classes; the document takes their schemas from here. */
const REGISTRY = new Map<string, { schema: z.ZodType; io: Io }>();

export function isZodDto(type: unknown): type is ZodDto {
  return typeof type === 'function' && 'zodSchema' in type;
}

/** The JSON Schema (OpenAPI 3.0 dialect) of a zod schema, as a request (`input`) or a response (`output`) sees it. */
export function jsonSchemaOf(schema: z.ZodType, io: Io): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any', override: ({ jsonSchema }) => dropFormatPatterns(jsonSchema) }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Formats that say it all: zod's long regular expressions for them only make the document harder to read. */
const SELF_EXPLAINING_FORMATS = new Set(['uuid', 'date-time', 'date', 'email']);

function dropFormatPatterns(schema: Record<string, unknown>): void {
  if (typeof schema.format === 'string' && SELF_EXPLAINING_FORMATS.has(schema.format)) delete schema.pattern;
}

function dto<S extends z.ZodType>(schema: S, io: Io): ZodDto<S> {
  class Dto {
    static readonly zodSchema = schema;
    static readonly zodIo = io;

    /** The top-level properties, as swagger needs them to list query parameters; the whole schema replaces the component later. */
    static [METADATA_FACTORY](this: { name: string }): Record<string, Record<string, unknown>> {
      if (this.name !== Dto.name) REGISTRY.set(this.name, { schema, io });
      const json = jsonSchemaOf(schema, io);
      return Object.fromEntries(Object.entries(json.properties ?? {}).map(([name, property]) => [name, { ...flatten(property), required: (json.required ?? []).includes(name) }]));
    }
  }
  return Dto as unknown as ZodDto<S>;
}

/** A request body or query string: validated with `schema` (unknown fields refused); documented as what a client sends. */
export function RequestDto<S extends z.ZodObject>(schema: S): ZodDto<S> {
  return dto(schema.strict(), 'input') as unknown as ZodDto<S>;
}

/** A response: documented as what the contract's schema lets a service answer. */
export function ResponseDto<S extends z.ZodType>(schema: S): ZodDto<S> {
  return dto(schema, 'output');
}

/** A schema that is not an object (a union), named in the document for clients; never a route's parameter. */
export function NamedSchema(schema: z.ZodType): new () => object {
  return dto(schema, 'output') as unknown as new () => object;
}

/** The registered DTOs' schemas by component name. */
export function zodComponents(): Map<string, JsonSchema> {
  return new Map([...REGISTRY].map(([name, { schema, io }]) => [name, jsonSchemaOf(schema, io)]));
}

/** A property as swagger's decorators take it: nullable unions become `nullable`, the rest passes through. */
function flatten(property: Record<string, unknown>): Record<string, unknown> {
  const anyOf = property.anyOf as Array<Record<string, unknown>> | undefined;
  const plain = anyOf?.filter((option) => !(option.type === 'null' || (option.nullable === true && Object.keys(option).length === 1)));
  if (anyOf && plain?.length === 1) return { ...plain[0], nullable: true };
  return property;
}
