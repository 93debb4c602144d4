import { z } from 'zod';

import { defineCommand, defineEvent, defineQuery } from './define';
import { CONTRACTS } from './registry';

const base = { owner: 'test', description: 'A test message.', payload: z.object({ n: z.number() }), example: { n: 1 } };

describe(defineEvent.name, () => {
  it('should build an evt.<type>.v<n> subject when the type and version are valid', () => {
    expect(defineEvent({ ...base, type: 'thing.happened', version: 3 }).subject).toBe('evt.thing.happened.v3');
  });

  it.each(['thing', 'Thing.happened', 'thing..happened', 'thing.happened.', '1thing.happened', 'thing_x.happened', 'thing.happened v2'])('should throw when the type is %j', (type) => {
    expect(() => defineEvent({ ...base, type, version: 1 })).toThrow(/Bad message type/);
  });

  it.each([0, -1, 1.5, Number.NaN])('should throw when the version is %p', (version) => {
    expect(() => defineEvent({ ...base, type: 'thing.happened', version })).toThrow(/Bad version/);
  });
});

describe(defineCommand.name, () => {
  it('should build a cmd.<type>.v<n> subject when the type and version are valid', () => {
    expect(defineCommand({ ...base, type: 'thing.start', version: 1 }).subject).toBe('cmd.thing.start.v1');
  });
});

describe(defineQuery.name, () => {
  it('should build a qry.<type>.v<n> subject when the type and version are valid', () => {
    const query = defineQuery({ ...base, type: 'things.list', version: 2, response: z.array(z.number()), exampleResponse: [1] });
    expect(query.subject).toBe('qry.things.list.v2');
  });
});

describe('CONTRACTS', () => {
  it.each(CONTRACTS.map((contract) => [contract.subject, contract] as const))('should accept its own example when the contract is %s', (_subject, contract) => {
    expect(contract.payload.safeParse(contract.example).error).toBeUndefined();
    if (contract.kind === 'query') expect(contract.response.safeParse(contract.exampleResponse).error).toBeUndefined();
  });

  it('should give every contract its own subject when the registry is built', () => {
    const subjects = CONTRACTS.map((contract) => contract.subject);
    const repeated = subjects.filter((subject, index) => subjects.indexOf(subject) !== index);
    expect(repeated).toEqual([]);
  });

  it('should derive every subject from kind, type and version when the registry is built', () => {
    const prefix = { event: 'evt', command: 'cmd', query: 'qry' };
    for (const contract of CONTRACTS) expect(contract.subject).toBe(`${prefix[contract.kind]}.${contract.type}.v${contract.version}`);
  });
});
