import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import { CONTRACTS, findBreakingChanges, jsonSchemaOf, snapshotKey, snapshotOf } from '../src';
import type { ContractsSnapshot } from '../src';

const snapshot = JSON.parse(readFileSync(join(__dirname, '..', 'snapshot', 'contracts.json'), 'utf8')) as ContractsSnapshot;

const FIX = 'Bump the version (a new contract beside the old one), or run `npm run contracts:publish` if this version was never released.';

function changes(previous: z.ZodType, current: z.ZodType): string[] {
  return findBreakingChanges(jsonSchemaOf(previous, 'previous'), jsonSchemaOf(current, 'current'));
}

describe('published contracts', () => {
  const published = CONTRACTS.filter((contract) => snapshotKey(contract) in snapshot);

  it('should have published at least one contract when the snapshot is read', () => {
    expect(published.length).toBeGreaterThan(0);
  });

  it.each(published.map((contract) => [snapshotKey(contract), contract] as const))('should stay compatible with the snapshot when the contract is %s', (key, contract) => {
    const before = snapshot[key];
    const now = snapshotOf(contract);
    const found = [
      ...(before?.kind === now.kind && before.subject === now.subject ? [] : [`kind or subject changed to ${now.kind} ${now.subject}`]),
      ...findBreakingChanges(before?.payload ?? {}, now.payload, '$.payload'),
      ...(before?.response ? findBreakingChanges(before.response, now.response ?? false, '$.response') : []),
    ];
    if (found.length > 0) throw new Error(`${key} changed incompatibly:\n  ${found.join('\n  ')}\n${FIX}`);
  });

  it('should still define every published version when contracts are removed', () => {
    const defined = new Set(CONTRACTS.map(snapshotKey));
    const removed = Object.keys(snapshot).filter((key) => !defined.has(key));
    if (removed.length > 0) {
      throw new Error(`Published versions removed: ${removed.join(', ')}. Consumers may still send or expect them; keep them until none does.`);
    }
  });
});

describe(findBreakingChanges.name, () => {
  const person = z.object({ id: z.uuid(), name: z.string().max(100), nickname: z.string().nullable(), note: z.string().optional() });

  it('should report nothing when the schema is unchanged', () => {
    expect(changes(person, person)).toEqual([]);
  });

  it('should report the property when a field is removed', () => {
    expect(changes(person, person.omit({ nickname: true }))).toEqual(['$.nickname: property removed']);
  });

  it('should report the property when an optional field becomes required', () => {
    expect(changes(person, person.extend({ note: z.string() }))).toEqual(['$.note: now required']);
  });

  it('should report a new required property when one is added', () => {
    expect(changes(person, person.extend({ age: z.number() }))).toEqual(['$.age: new required property']);
  });

  it('should report null when string|null narrows to string', () => {
    expect(changes(person, person.extend({ nickname: z.string() }))).toEqual(['$.nickname: no longer accepts null']);
  });

  it('should report null when a nullable uuid (emitted as anyOf) becomes a plain uuid', () => {
    const before = z.object({ causedBy: z.uuid().nullable() });
    expect(changes(before, z.object({ causedBy: z.uuid() }))).toEqual(['$.causedBy: no longer accepts null']);
  });

  it('should report the value when an enum value is removed', () => {
    expect(changes(z.object({ tone: z.enum(['warm', 'direct', 'playful']) }), z.object({ tone: z.enum(['warm', 'direct']) }))).toEqual(['$.tone: no longer accepts "playful"']);
  });

  it('should report the value when a literal changes', () => {
    expect(changes(z.literal('a'), z.literal('b'))).toEqual(['$: no longer accepts "a"']);
  });

  it('should report the limit when a max length is tightened', () => {
    expect(changes(person, person.extend({ name: z.string().max(50) }))).toEqual(['$.name: maxLength lowered from 100 to 50']);
  });

  it('should report the limits when a string gains a minimum length, a format or a pattern', () => {
    expect(changes(z.string(), z.string().min(2))).toEqual(['$: minLength 2 added']);
    expect(changes(z.string(), z.email())).toEqual([expect.stringMatching(/^\$: format added/)]);
    expect(changes(z.string(), z.string().regex(/^a/))).toEqual([expect.stringMatching(/^\$: pattern added/)]);
  });

  it('should report the bound when a number range is tightened', () => {
    expect(changes(z.number().min(0).max(10), z.number().positive().max(5))).toEqual(['$: minimum tightened from 0 to 0 (exclusive)', '$: maximum tightened from 10 to 5']);
  });

  it('should report the type when a number narrows to an integer', () => {
    expect(changes(z.number(), z.number().int())).toEqual(['$: no longer accepts number']);
  });

  it('should report nested paths when a change sits inside arrays and objects', () => {
    const before = z.object({ turns: z.array(z.object({ text: z.string(), at: z.number() })) });
    const after = z.object({ turns: z.array(z.object({ text: z.string().max(10) })) });
    expect(changes(before, after)).toEqual(['$.turns[].text: maxLength 10 added', '$.turns[].at: property removed']);
  });

  it('should report it when unknown keys stop being accepted', () => {
    expect(changes(z.object({ a: z.string() }), z.strictObject({ a: z.string() }))).toEqual(['$: additional properties no longer allowed']);
  });

  it('should report a union member when it is dropped', () => {
    expect(changes(z.union([z.string(), z.number()]), z.string())).toEqual(['$: no longer accepts number']);
  });

  it('should report nothing when an optional field is added', () => {
    expect(changes(person, person.extend({ locale: z.string().optional() }))).toEqual([]);
  });

  it('should report nothing when a type is widened', () => {
    expect(changes(person, person.extend({ name: z.string().max(100).nullable() }))).toEqual([]);
    expect(changes(z.object({ n: z.number().int() }), z.object({ n: z.union([z.number(), z.string()]) }))).toEqual([]);
    expect(changes(z.enum(['a', 'b']), z.enum(['a', 'b', 'c']))).toEqual([]);
    expect(changes(z.string().max(10), z.string().max(20))).toEqual([]);
  });

  it('should report nothing when a required field becomes optional or a field gets a default', () => {
    expect(changes(person, person.extend({ name: z.string().max(100).optional() }))).toEqual([]);
    expect(changes(person, person.extend({ name: z.string().max(100).default('anonymous') }))).toEqual([]);
  });
});
