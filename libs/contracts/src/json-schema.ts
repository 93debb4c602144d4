import { z } from 'zod';

export type JSONSchema = z.core.JSONSchema.JSONSchema;

/**
 * The JSON Schema of what a contract accepts on the wire, as the AsyncAPI document and the
 * compatibility snapshot both need it.
 *
 * - draft-07: AsyncAPI 3's default schema format is a superset of draft-07.
 * - `io: 'input'`: consumers parse raw JSON, so the wire format is the schema's input side
 *   (defaults make a field optional; a plain z.object accepts unknown keys).
 * - Schemas are embedded inside other documents, so `$schema` is dropped and references are
 *   refused: a `#/definitions/...` pointer would not resolve once nested.
 */
export function jsonSchemaOf(schema: z.ZodType, where: string): JSONSchema {
  let generated: JSONSchema;
  try {
    generated = z.toJSONSchema(schema, { target: 'draft-07', io: 'input' });
  } catch (error) {
    // zod names the unrepresentable type (a Date, a bigint...) but not the contract it sits in.
    throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const { $schema: _dialect, ...json } = generated;
  if (JSON.stringify(json).includes('"$ref"')) {
    throw new Error(`${where}: the JSON Schema has a $ref (a recursive schema or one with a .meta id), which cannot be embedded`);
  }
  return withoutFormatPatterns(json) as JSONSchema;
}

/**
 * zod writes its own long regex beside `format` (uuid, email, date-time). The format says it all,
 * and the regex would make a zod upgrade look like a contract change.
 */
function withoutFormatPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutFormatPatterns);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key]) => !(key === 'pattern' && 'format' in node));
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutFormatPatterns(value)]));
}
