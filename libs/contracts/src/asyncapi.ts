import { stringify } from 'yaml';
import { z } from 'zod';

import type { DurableContract, MessageContract } from './define';
import { envelopeSchema } from './envelope';
import type { Envelope } from './envelope';
import { jsonSchemaOf } from './json-schema';
import type { JSONSchema } from './json-schema';

export interface AsyncApiOptions {
  /** The document's `info.version`: the root package.json version, passed in to keep this pure. */
  readonly version: string;
}

const HEADERS_REF = '#/components/messageTraits/NatsHeaders';
const UUID: JSONSchema = { type: 'string', format: 'uuid' };

// Fixed ids so the generated document only changes when a contract does.
const EXAMPLE_IDS = {
  id: '01935c4e-8a00-7000-8000-000000000001',
  correlationId: '01935c4e-8a00-7000-8000-000000000002',
  occurredAt: '2026-01-01T09:00:00.000Z',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
} as const;

/** The envelope's ids, repeated in NATS headers (HEADER in @tandem/messaging) so they can be read without parsing the body. */
const natsHeaders: JSONSchema = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': { ...UUID, description: "The envelope id. JetStream drops a repeat within the stream's duplicate window." },
    'tandem-type': { type: 'string', pattern: '^[a-z][a-z0-9.-]*\\.v[1-9][0-9]*$', description: 'The envelope type and version, e.g. user.registered.v1.' },
    'tandem-correlation-id': { ...UUID, description: 'The envelope correlationId.' },
    'tandem-causation-id': { ...UUID, description: 'The envelope causationId; absent when null.' },
    'tandem-user-id': { ...UUID, description: 'The envelope userId; absent when null.' },
    'tandem-test-scenario-id': { ...UUID, description: 'The envelope testScenarioId; absent when null.' },
    traceparent: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C trace context of the span that sent the message.',
    },
  },
  required: ['Nats-Msg-Id', 'tandem-type', 'tandem-correlation-id'],
};

/** `user.registered` v1 -> `UserRegisteredV1`. */
function pascalName(contract: MessageContract): string {
  const words = contract.type.split(/[.-]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${words.join('')}V${contract.version}`;
}

/** Subjects are dotted; underscores cannot occur in a type, so this stays unique. */
function channelId(contract: MessageContract): string {
  return contract.subject.replaceAll('.', '_');
}

function operationName(contract: MessageContract): string {
  const verb = { event: 'publish', command: 'handle', query: 'answer' }[contract.kind];
  return `${verb}${pascalName(contract)}`;
}

function exampleEnvelope(contract: DurableContract): Envelope {
  const payload: unknown = contract.example;
  const userId = typeof payload === 'object' && payload !== null && 'userId' in payload ? payload.userId : null;
  return {
    id: EXAMPLE_IDS.id,
    type: contract.type,
    version: contract.version,
    occurredAt: EXAMPLE_IDS.occurredAt,
    correlationId: EXAMPLE_IDS.correlationId,
    causationId: null,
    userId: typeof userId === 'string' ? userId : null,
    testScenarioId: null,
    payload,
  };
}

function exampleHeaders(envelope: Envelope): Record<string, string> {
  return {
    'Nats-Msg-Id': envelope.id,
    'tandem-type': `${envelope.type}.v${envelope.version}`,
    'tandem-correlation-id': envelope.correlationId,
    ...(envelope.userId === null ? {} : { 'tandem-user-id': envelope.userId }),
    traceparent: EXAMPLE_IDS.traceparent,
  };
}

/** The envelope with this contract's type, version and payload pinned. */
function envelopeSchemaOf(contract: DurableContract): z.ZodType {
  return envelopeSchema.extend({ type: z.literal(contract.type), version: z.literal(contract.version), payload: contract.payload });
}

function messageOf(contract: MessageContract): Record<string, unknown> {
  const common = { name: contract.type, title: `${contract.type} v${contract.version}`, description: contract.description };
  const extensions = { 'x-owner': contract.owner, 'x-kind': contract.kind, 'x-version': contract.version };
  if (contract.kind === 'query') {
    // Queries are request-reply outside JetStream: the bare payload, no envelope (see DurableContract).
    const payload = jsonSchemaOf(contract.payload, contract.subject);
    return { ...common, payload, examples: [{ name: 'example', payload: contract.example }], ...extensions };
  }
  const envelope = exampleEnvelope(contract);
  return {
    ...common,
    payload: jsonSchemaOf(envelopeSchemaOf(contract), contract.subject),
    traits: [{ $ref: HEADERS_REF }],
    examples: [{ name: 'example', headers: exampleHeaders(envelope), payload: envelope }],
    ...extensions,
  };
}

function addContract(document: AsyncApiDocument, contract: MessageContract): void {
  const id = channelId(contract);
  const name = pascalName(contract);
  const operation = operationName(contract);
  if (id in document.channels || operation in document.operations) throw new Error(`Two contracts map to channel ${id} / operation ${operation}`);

  document.channels[id] = { address: contract.subject, messages: { [name]: messageOf(contract) } };
  const common = { channel: { $ref: `#/channels/${id}` }, messages: [{ $ref: `#/channels/${id}/messages/${name}` }] };
  if (contract.kind === 'event') {
    document.operations[operation] = { action: 'send', summary: `${contract.owner} publishes ${contract.type} v${contract.version}.`, ...common };
    return;
  }
  if (contract.kind === 'command') {
    // The owner of a command is the service that handles it.
    document.operations[operation] = { action: 'receive', summary: `${contract.owner} handles ${contract.type} v${contract.version}.`, ...common };
    return;
  }
  // A query is NATS request-reply: the answer goes to the requester's inbox, an address known only at run time.
  const replyId = `${id}_reply`;
  const replyName = `${name}Response`;
  document.channels[replyId] = {
    address: null,
    description: `The requester's NATS inbox (the reply subject of a ${contract.subject} request).`,
    messages: {
      [replyName]: {
        name: `${contract.type}.response`,
        title: `${contract.type} v${contract.version} response`,
        payload: jsonSchemaOf(contract.response, `${contract.subject} response`),
        examples: [{ name: 'example', payload: contract.exampleResponse }],
        'x-owner': contract.owner,
        'x-kind': 'response',
        'x-version': contract.version,
      },
    },
  };
  document.operations[operation] = {
    action: 'receive',
    summary: `${contract.owner} answers ${contract.type} v${contract.version}.`,
    ...common,
    reply: { channel: { $ref: `#/channels/${replyId}` }, messages: [{ $ref: `#/channels/${replyId}/messages/${replyName}` }] },
  };
}

interface AsyncApiDocument {
  channels: Record<string, unknown>;
  operations: Record<string, unknown>;
}

/** The AsyncAPI 3.0.0 document for these contracts: pure and deterministic, so drift can be tested. */
export function generateAsyncApi(contracts: readonly MessageContract[], options: AsyncApiOptions): string {
  const document: AsyncApiDocument = { channels: {}, operations: {} };
  const bySubject = [...contracts].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  for (const contract of bySubject) addContract(document, contract);

  const root = {
    asyncapi: '3.0.0',
    info: {
      title: 'Tandem messages',
      version: options.version,
      description:
        'Every message between Tandem services. Events and commands travel through JetStream inside one envelope; ' +
        'queries are NATS request-reply carrying the bare payload. Generated from libs/contracts by `npm run contracts:generate`: do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      nats: { host: 'localhost:4222', protocol: 'nats', description: 'The local NATS server with JetStream (docker-compose.yml).' },
    },
    channels: document.channels,
    operations: document.operations,
    components: {
      schemas: { NatsHeaders: natsHeaders },
      messageTraits: { NatsHeaders: { headers: { $ref: '#/components/schemas/NatsHeaders' } } },
    },
  };
  // No aliases: the same object reused in two places must be written out twice, not as &anchor/*alias.
  return stringify(root, { aliasDuplicateObjects: false, lineWidth: 0 });
}
