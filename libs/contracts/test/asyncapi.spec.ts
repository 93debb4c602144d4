import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { z } from 'zod';

import { CONTRACTS, defineCommand, defineQuery, envelopeSchema } from '../src';
import type { MessageContract } from '../src';
import { generateAsyncApi } from '../src/asyncapi';

const root = join(__dirname, '..', '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const checkedIn = readFileSync(join(root, 'docs', 'asyncapi.yaml'), 'utf8');

const SEVERITY_ERROR = 0;

async function errorsOf(text: string): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(text);
  return diagnostics.filter((d) => d.severity === SEVERITY_ERROR).map((d) => `${d.path.join('.')}: ${d.message}`);
}

type Message = { payload: unknown; examples: { payload: unknown }[]; traits?: unknown };
type Document = { channels: Record<string, { address: string | null; messages: Record<string, Message> }> };

// A command and a query, so their shapes are checked before the first real one exists.
const startThing = defineCommand({
  type: 'thing.start',
  version: 1,
  owner: 'coach-state',
  description: 'Start a thing.',
  payload: z.object({ thingId: z.uuid() }),
  example: { thingId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b' },
});
const listThings = defineQuery({
  type: 'things.list',
  version: 2,
  owner: 'coach-state',
  description: 'Which things does a user have?',
  payload: z.object({ userId: z.uuid(), limit: z.number().int().max(50).optional() }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b' },
  response: z.object({ ids: z.array(z.uuid()) }),
  exampleResponse: { ids: [] },
});

describe(generateAsyncApi.name, () => {
  it('should match docs/asyncapi.yaml when the contracts have not changed since the last generation', () => {
    const generated = generateAsyncApi(CONTRACTS, { version });
    if (generated !== checkedIn) throw new Error('docs/asyncapi.yaml is out of date: run `npm run contracts:generate` and commit it');
  });

  it('should produce the same text when called twice', () => {
    expect(generateAsyncApi([...CONTRACTS].reverse(), { version })).toBe(generateAsyncApi(CONTRACTS, { version }));
  });

  it('should be a valid AsyncAPI document when parsed by @asyncapi/parser', async () => {
    expect(await errorsOf(checkedIn)).toEqual([]);
  });

  it('should be valid with a command and a query when parsed by @asyncapi/parser', async () => {
    expect(await errorsOf(generateAsyncApi([...CONTRACTS, startThing, listThings], { version }))).toEqual([]);
  });

  it('should give every contract a channel at its subject when generated', () => {
    const document = parse(checkedIn) as Document;
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    for (const contract of CONTRACTS) expect(addresses).toContain(contract.subject);
  });

  it('should answer a query with its response schema on a reply channel when the contract is a query', () => {
    const document = parse(generateAsyncApi([listThings], { version })) as Document & { operations: Record<string, unknown> };
    expect(document.operations).toMatchObject({
      answerThingsListV2: expect.objectContaining({
        action: 'receive',
        reply: expect.objectContaining({
          messages: [
            { $ref: '#/channels/qry_things_list_v2_reply/messages/ThingsListV2Response' },
            { $ref: '#/channels/qry_things_list_v2_reply/messages/ThingsListV2Rejection' },
            { $ref: '#/channels/qry_things_list_v2_reply/messages/ThingsListV2Disposed' },
          ],
        }),
      }),
    });
    expect(document.channels['qry_things_list_v2_reply']?.address).toBeNull();
  });

  it("should send Nest's {pattern, data, id} packet around the bare payload, without envelope or headers, when the contract is a query", () => {
    const document = parse(generateAsyncApi([listThings], { version })) as Document;
    const request = document.channels['qry_things_list_v2']?.messages['ThingsListV2'];
    expect(request).toMatchObject({
      payload: { properties: { pattern: { const: 'qry.things.list.v2' }, data: { properties: { userId: expect.any(Object) } }, id: { type: 'string' } }, required: ['pattern', 'data', 'id'] },
      examples: [{ payload: { pattern: 'qry.things.list.v2', data: listThings.example, id: expect.any(String) } }],
    });
    expect(request).not.toHaveProperty('traits');
    const reply = document.channels['qry_things_list_v2_reply']?.messages ?? {};
    expect(reply['ThingsListV2Response']).toMatchObject({
      payload: { properties: { response: { properties: { ids: expect.any(Object) } }, isDisposed: expect.any(Object) }, required: ['response', 'id'] },
    });
    expect(reply['ThingsListV2Rejection']).toMatchObject({ payload: { required: ['err', 'id'] } });
  });

  it('should describe the live and dead-letter channels and who sends and receives each message, from BUS_ACCESS', () => {
    const document = parse(checkedIn) as { channels: Record<string, Record<string, unknown>> };
    expect(document.channels['live_user']).toMatchObject({ address: 'live.user.{userId}', 'x-published-by': expect.arrayContaining(['chat', 'gateway']), 'x-subscribed-by': ['gateway'] });
    expect(document.channels['dlq']).toMatchObject({ address: 'dlq.{service}.{userId}.{subject}', 'x-purged-by': ['gateway'] });
    expect(document.channels['cmd_identity_propose_v1']).toMatchObject({ 'x-sent-by': ['chat'], 'x-consumed-by': [{ service: 'identities', durable: 'identities__cmd_identity_propose_v1' }] });
    expect(document.channels['qry_identities_list_v1']).toMatchObject({ 'x-asked-by': ['gateway'], 'x-answered-by': { service: 'identities' } });
  });

  it.each(CONTRACTS.map((contract) => [contract.subject, contract] as const))(
    'should show an example (an envelope, or a bare request for queries) that the contract accepts when the contract is %s',
    (subject, contract: MessageContract) => {
      const document = parse(checkedIn) as Document;
      const channel = Object.values(document.channels).find((candidate) => candidate.address === subject);
      const examples = Object.values(channel?.messages ?? {}).flatMap((message) => message.examples);
      expect(examples).not.toHaveLength(0);
      const schema =
        contract.kind === 'query'
          ? z.object({ pattern: z.literal(contract.subject), data: contract.payload, id: z.string() })
          : envelopeSchema.extend({ type: z.literal(contract.type), version: z.literal(contract.version), payload: contract.payload });
      for (const example of examples) expect(schema.safeParse(example.payload).error).toBeUndefined();
    },
  );
});
