import type { JSONSchema } from './json-schema';

type Schema = JSONSchema | boolean;
type TypeName = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** One alternative of a schema, with a single JSON type (undefined: any value). */
interface Branch {
  readonly type: TypeName | undefined;
  readonly schema: JSONSchema;
}

const ANY: JSONSchema = {};

/**
 * What `current` no longer accepts that `previous` did, for JSON schemas as zod emits them
 * (draft-07). Each entry names the path. Adding an optional property or widening a type is fine.
 * The check is structural and conservative: a change it cannot follow is reported, not ignored.
 */
export function findBreakingChanges(previous: Schema, current: Schema, path = '$'): string[] {
  return [...new Set(compare(normalize(previous), normalize(current), path))];
}

function normalize(schema: Schema | undefined): JSONSchema | false {
  if (schema === false) return false;
  return schema === undefined || schema === true ? ANY : schema;
}

function compare(previous: JSONSchema | false, current: JSONSchema | false, path: string): string[] {
  if (previous === false) return [];
  if (current === false) return [`${path}: no longer allowed at all`];
  const currentBranches = branchesOf(current);
  if (currentBranches.some(isUnconstrained)) return [];
  return branchesOf(previous).flatMap((before) => {
    const candidates = currentBranches.filter((after) => covers(after.type, before.type));
    if (candidates.length === 0) return [`${path}: no longer accepts ${before.type ?? 'any value'}`];
    // A previous alternative is fine when some current alternative still takes all it took.
    const outcomes = candidates.map((after) => compareBranch(before, after, path));
    return outcomes.reduce((fewest, changes) => (changes.length < fewest.length ? changes : fewest));
  });
}

/** Splits `anyOf`/`oneOf` and `type: [...]` into single-typed alternatives. */
function branchesOf(schema: JSONSchema): Branch[] {
  const { anyOf, oneOf, ...rest } = schema;
  const alternatives = anyOf ?? oneOf;
  if (alternatives) return alternatives.flatMap((alternative) => branchesOf({ ...rest, ...alternative }));
  const types = typesOf(schema);
  if (types === undefined) return [{ type: undefined, schema }];
  return types.map((type) => ({ type, schema: { ...schema, type } }));
}

function typesOf(schema: JSONSchema): TypeName[] | undefined {
  if (schema.type !== undefined) return Array.isArray(schema.type) ? schema.type : [schema.type];
  const values = allowedValues(schema);
  if (values === undefined) return undefined;
  return [...new Set(values.map(jsonTypeOf))];
}

function jsonTypeOf(value: unknown): TypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return type === 'string' || type === 'boolean' ? type : 'object';
}

function isUnconstrained(branch: Branch): boolean {
  const { description: _d, title: _t, default: _def, examples: _e, ...rest } = branch.schema;
  return branch.type === undefined && Object.keys(rest).length === 0;
}

function covers(after: TypeName | undefined, before: TypeName | undefined): boolean {
  if (after === undefined) return true;
  return after === before || (after === 'number' && before === 'integer');
}

function allowedValues(schema: JSONSchema): unknown[] | undefined {
  if (schema.const !== undefined) return [schema.const];
  return schema.enum;
}

function compareBranch(before: Branch, after: Branch, path: string): string[] {
  const changes = compareValues(before.schema, after.schema, path);
  const [b, a] = [before.schema, after.schema];
  switch (after.type) {
    case 'string':
      changes.push(...changedKeyword(b, a, 'format', path), ...changedKeyword(b, a, 'pattern', path));
      changes.push(...raisedMinimum(b, a, 'minLength', path), ...loweredMaximum(b, a, 'maxLength', path));
      break;
    case 'number':
    case 'integer':
      changes.push(...compareNumbers(b, a, path));
      break;
    case 'array':
      changes.push(...compareArrays(b, a, path));
      break;
    case 'object':
      changes.push(...compareObjects(b, a, path));
      break;
  }
  if (a.allOf && JSON.stringify(a.allOf) !== JSON.stringify(b.allOf)) changes.push(`${path}: allOf changed (check it by hand)`);
  if (a.not && JSON.stringify(a.not) !== JSON.stringify(b.not)) changes.push(`${path}: "not" changed (check it by hand)`);
  return changes;
}

function compareValues(before: JSONSchema, after: JSONSchema, path: string): string[] {
  const allowedAfter = allowedValues(after);
  if (allowedAfter === undefined) return [];
  const allowedBefore = allowedValues(before);
  if (allowedBefore === undefined) return [`${path}: now limited to ${show(allowedAfter)}`];
  const kept = new Set(allowedAfter.map((value) => JSON.stringify(value)));
  const removed = allowedBefore.filter((value) => !kept.has(JSON.stringify(value)));
  return removed.length > 0 ? [`${path}: no longer accepts ${show(removed)}`] : [];
}

function changedKeyword(before: JSONSchema, after: JSONSchema, keyword: 'format' | 'pattern', path: string): string[] {
  const value = after[keyword];
  if (value === undefined || value === before[keyword]) return [];
  return [`${path}: ${keyword} ${before[keyword] === undefined ? 'added' : 'changed'} (${JSON.stringify(value)})`];
}

type MinKeyword = 'minLength' | 'minItems' | 'minProperties';
type MaxKeyword = 'maxLength' | 'maxItems' | 'maxProperties';

function raisedMinimum(before: JSONSchema, after: JSONSchema, keyword: MinKeyword, path: string): string[] {
  const [was, now] = [before[keyword], after[keyword]];
  if (now === undefined || now <= (was ?? 0)) return [];
  return [was === undefined ? `${path}: ${keyword} ${now} added` : `${path}: ${keyword} raised from ${was} to ${now}`];
}

function loweredMaximum(before: JSONSchema, after: JSONSchema, keyword: MaxKeyword, path: string): string[] {
  const [was, now] = [before[keyword], after[keyword]];
  if (now === undefined || now >= (was ?? Infinity)) return [];
  return [was === undefined ? `${path}: ${keyword} ${now} added` : `${path}: ${keyword} lowered from ${was} to ${now}`];
}

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** The tighter of `minimum` and a numeric `exclusiveMinimum` (or the maxima when `upper`). */
function boundOf(schema: JSONSchema, upper: boolean): Bound | undefined {
  const inclusive = upper ? schema.maximum : schema.minimum;
  const exclusive = upper ? schema.exclusiveMaximum : schema.exclusiveMinimum;
  const bounds: Bound[] = [];
  if (inclusive !== undefined) bounds.push({ value: inclusive, exclusive: false });
  if (typeof exclusive === 'number') bounds.push({ value: exclusive, exclusive: true });
  return bounds.reduce<Bound | undefined>((tightest, bound) => (tightest && !isTighter(bound, tightest, upper) ? tightest : bound), undefined);
}

function isTighter(bound: Bound, than: Bound, upper: boolean): boolean {
  if (bound.value !== than.value) return upper ? bound.value < than.value : bound.value > than.value;
  return bound.exclusive && !than.exclusive;
}

function compareNumbers(before: JSONSchema, after: JSONSchema, path: string): string[] {
  const changes: string[] = [];
  for (const upper of [false, true]) {
    const [was, now] = [boundOf(before, upper), boundOf(after, upper)];
    if (now && (!was || isTighter(now, was, upper))) {
      const name = upper ? 'maximum' : 'minimum';
      changes.push(`${path}: ${name} tightened from ${was ? showBound(was) : 'none'} to ${showBound(now)}`);
    }
  }
  const step = after.multipleOf;
  if (step !== undefined && (before.multipleOf === undefined || before.multipleOf % step !== 0)) {
    changes.push(`${path}: multipleOf changed to ${step}`);
  }
  return changes;
}

function compareArrays(before: JSONSchema, after: JSONSchema, path: string): string[] {
  const changes = [...raisedMinimum(before, after, 'minItems', path), ...loweredMaximum(before, after, 'maxItems', path)];
  if (after.uniqueItems && !before.uniqueItems) changes.push(`${path}: items must now be unique`);
  const [was, now] = [before.items, after.items];
  if (Array.isArray(was) || Array.isArray(now)) {
    // Tuples (draft-07 `items: [...]`): compare position by position.
    const [wasList, nowList] = [Array.isArray(was) ? was : [], Array.isArray(now) ? now : []];
    if (wasList.length !== nowList.length) changes.push(`${path}: tuple length changed from ${wasList.length} to ${nowList.length}`);
    nowList.forEach((item, index) => changes.push(...compare(normalize(wasList[index]), normalize(item), `${path}[${index}]`)));
    changes.push(...compare(normalize(before.additionalItems), normalize(after.additionalItems), `${path}[+]`));
    return changes;
  }
  return [...changes, ...compare(normalize(was), normalize(now), `${path}[]`)];
}

function compareObjects(before: JSONSchema, after: JSONSchema, path: string): string[] {
  const changes: string[] = [];
  const [was, now] = [before.properties ?? {}, after.properties ?? {}];
  const required = new Set(before.required ?? []);
  for (const [key, schema] of Object.entries(was)) {
    const next = now[key];
    if (next === undefined) changes.push(`${path}.${key}: property removed`);
    else changes.push(...compare(normalize(schema), normalize(next), `${path}.${key}`));
  }
  for (const key of after.required ?? []) {
    if (required.has(key)) continue;
    changes.push(key in was ? `${path}.${key}: now required` : `${path}.${key}: new required property`);
  }
  changes.push(...raisedMinimum(before, after, 'minProperties', path), ...loweredMaximum(before, after, 'maxProperties', path));
  // Unknown keys: undefined or true means anything goes; records put their value schema here.
  const [extraWas, extraNow] = [normalize(before.additionalProperties), normalize(after.additionalProperties)];
  if (extraNow === false && extraWas !== false) changes.push(`${path}: additional properties no longer allowed`);
  else changes.push(...compare(extraWas, extraNow, `${path}.*`));
  changes.push(...compare(normalize(before.propertyNames), normalize(after.propertyNames), `${path} (keys)`));
  return changes;
}

function show(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function showBound(bound: Bound): string {
  return `${bound.value}${bound.exclusive ? ' (exclusive)' : ''}`;
}
