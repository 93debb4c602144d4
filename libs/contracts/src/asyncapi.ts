import { stringify } from 'yaml';
import { z } from 'zod';

import { BUS_ACCESS } from './bus-access';
import type { DurableContract, MessageContract, QueryContract } from './define';
import { envelopeSchema } from './envelope';
import type { Envelope } from './envelope';
import { jsonSchemaOf } from './json-schema';
import type { JSONSchema } from './json-schema';
import { COACH_TOKEN, coachTokenSchema, liveMessageSchema } from './live';

export interface AsyncApiOptions {
  /** The document's `info.version`: the root package.json version, passed in to keep this pure. */
  readonly version: string;
}

const HEADERS_REF = '#/components/messageTraits/NatsHeaders';
const EXAMPLE_REQUEST_ID = 'b5a8f2de-0c7e-4f61-9d3a-7e2b1c4d5f60';
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
    // Queries are core NATS request-reply through @nestjs/microservices: the request is Nest's packet around the bare payload (no envelope).
    const payload: JSONSchema = {
      type: 'object',
      description: "@nestjs/microservices' request packet. Without `id` the service treats the message as an event and sends no reply.",
      properties: {
        pattern: { type: 'string', const: contract.subject, description: 'The subject again.' },
        data: jsonSchemaOf(contract.payload, contract.subject),
        id: { type: 'string', minLength: 1, description: "Chosen by the requester; every reply repeats it. Replies go to the request's NATS reply subject (an inbox)." },
      },
      required: ['pattern', 'data', 'id'],
    };
    return { ...common, payload, examples: [{ name: 'example', payload: { pattern: contract.subject, data: contract.example, id: EXAMPLE_REQUEST_ID } }], ...extensions };
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

  document.channels[id] = { address: contract.subject, messages: { [name]: messageOf(contract) }, ...whoUses(contract) };
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
    description:
      `The requester's NATS inbox (the reply subject of a ${contract.subject} request). One request may bring more than one message: ` +
      'read until one has `isDisposed: true`. The answer is the `response` of the message that has one; a refusal is an `err` with an HTTP-like status.',
    messages: { [replyName]: replyMessage(contract, replyName), [`${name}Rejection`]: rejectionMessage(contract), [`${name}Disposed`]: disposedMessage(contract) },
  };
  document.operations[operation] = {
    action: 'receive',
    summary: `${contract.owner} answers ${contract.type} v${contract.version}.`,
    ...common,
    reply: { channel: { $ref: `#/channels/${replyId}` }, messages: ['Response', 'Rejection', 'Disposed'].map((suffix) => ({ $ref: `#/channels/${replyId}/messages/${name}${suffix}` })) },
  };
}

const replyExtensions = (contract: QueryContract) => ({ 'x-owner': contract.owner, 'x-kind': 'response', 'x-version': contract.version });

function replyMessage(contract: QueryContract, replyName: string): Record<string, unknown> {
  return {
    name: `${contract.type}.response`,
    title: `${contract.type} v${contract.version} response`,
    summary: replyName,
    payload: {
      type: 'object',
      properties: {
        response: jsonSchemaOf(contract.response, `${contract.subject} response`),
        isDisposed: { type: 'boolean', description: 'true on the last message of this reply.' },
        id: { type: 'string', description: "The request's id." },
      },
      required: ['response', 'id'],
    },
    examples: [{ name: 'example', payload: { response: contract.exampleResponse, isDisposed: true, id: EXAMPLE_REQUEST_ID } }],
    ...replyExtensions(contract),
  };
}

function rejectionMessage(contract: QueryContract): Record<string, unknown> {
  return {
    name: `${contract.type}.rejection`,
    title: `${contract.type} v${contract.version} refused`,
    description:
      "A refusal: 400 for a request that breaks the contract (`errors` names the fields), 404 for what is not the user's, 409 for a conflict, 500 for a fault; `code` is the service's stable domain code (e.g. NOT_FOUND), which the gateway answers as the problem's `code`. A service with no handler for the subject answers `err` as a string.",
    payload: {
      type: 'object',
      properties: {
        err: {
          oneOf: [
            {
              type: 'object',
              properties: {
                status: { type: 'integer', minimum: 400, maximum: 599 },
                message: { type: 'string' },
                code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
                errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] } },
              },
              required: ['status', 'message'],
            },
            { type: 'string' },
          ],
        },
        status: { type: 'string', const: 'error', description: 'Only on the no-handler answer.' },
        isDisposed: { type: 'boolean' },
        id: { type: 'string' },
      },
      required: ['err', 'id'],
    },
    examples: [{ name: 'not-found', payload: { err: { status: 404, message: 'No such user', code: 'NOT_FOUND' }, isDisposed: true, id: EXAMPLE_REQUEST_ID } }],
    ...replyExtensions(contract),
  };
}

function disposedMessage(contract: QueryContract): Record<string, unknown> {
  return {
    name: `${contract.type}.disposed`,
    title: `${contract.type} v${contract.version} end of reply`,
    description: 'Sent alone when the answer went out before the service knew it was the last one.',
    payload: { type: 'object', properties: { isDisposed: { type: 'boolean', const: true }, id: { type: 'string' } }, required: ['isDisposed', 'id'] },
    examples: [{ name: 'example', payload: { isDisposed: true, id: EXAMPLE_REQUEST_ID } }],
    ...replyExtensions(contract),
  };
}

type Access = { consumes: ReadonlyArray<{ contract: MessageContract; handler?: string }>; sends: readonly MessageContract[] };
const ACCESS = Object.entries(BUS_ACCESS as Record<string, Access>);

/** Who sends and who receives a contract's messages, from BUS_ACCESS (the NATS permissions say the same). */
function whoUses(contract: MessageContract): Record<string, unknown> {
  const senders = contract.kind === 'event' ? [contract.owner] : ACCESS.filter(([, access]) => access.sends.includes(contract)).map(([service]) => service);
  // The durable consumer's name, as BusNames.durable makes it: one per (service[, handler], subject), shared by the service's replicas.
  const consumers = ACCESS.flatMap(([service, access]) =>
    access.consumes
      .filter((consumption) => consumption.contract === contract)
      .map(({ handler }) => ({ service, durable: `${handler ? `${service}__${handler}` : service}__${contract.subject}`.replace(/[.*>\s]/g, '_') })),
  );
  if (contract.kind === 'query') return { 'x-asked-by': senders, 'x-answered-by': { service: contract.owner, queueGroup: contract.owner } };
  return { [contract.kind === 'event' ? 'x-published-by' : 'x-sent-by']: senders, 'x-consumed-by': consumers };
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
  addLiveChannel(document);
  addDeadLetterChannel(document);

  const root = {
    asyncapi: '3.0.0',
    info: {
      title: 'Tandem messages',
      version: options.version,
      description:
        'Every message between Tandem services. Events and commands travel through JetStream inside one envelope; ' +
        "queries are core NATS request-reply in @nestjs/microservices' packet ({pattern, data, id}, answered with {response, isDisposed, id} or {err, id}). " +
        "Commands and events are published to JetStream (a request whose reply is the stream's ack, {stream, seq}). " +
        'Every client connects as its own NATS user (an nkey), allowed only the subjects its BUS_ACCESS entry names, and receives replies only on `_INBOX_<identity>.>`. ' +
        'x-published-by, x-sent-by, x-asked-by, x-consumed-by and x-answered-by name the services on each side. ' +
        'Generated from libs/contracts by `npm run contracts:generate`: do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      nats: { host: 'localhost:4222', protocol: 'nats', description: 'The local NATS server with JetStream (docker-compose.yml).' },
    },
    channels: document.channels,
    operations: document.operations,
    components: {
      schemas: { NatsHeaders: natsHeaders, DeadLetterHeaders: deadLetterHeaders },
      messageTraits: { NatsHeaders: { headers: { $ref: '#/components/schemas/NatsHeaders' } } },
    },
  };
  // No aliases: the same object reused in two places must be written out twice, not as &anchor/*alias.
  return stringify(root, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** Services whose BUS_ACCESS says they publish (and, for the gateway, subscribe to) users' live subjects. */
function liveAccess(kind: 'publish' | 'publish-and-subscribe'): string[] {
  return Object.entries(BUS_ACCESS as Record<string, { live?: string }>)
    .filter(([, access]) => access.live === kind || (kind === 'publish' && access.live === 'publish-and-subscribe'))
    .map(([service]) => service);
}

const USER_ID_PARAMETER = { userId: { description: 'The user the message is for (a uuid).' } };

function addLiveChannel(document: AsyncApiDocument): void {
  document.channels['live_user'] = {
    address: 'live.user.{userId}',
    description: "One user's open clients: core NATS, not stored, not replayed. Each gateway replica subscribes for the connections it holds and forwards to them as server-sent events.",
    parameters: USER_ID_PARAMETER,
    messages: {
      LiveMessage: {
        name: 'live',
        title: 'live message',
        description: 'A durable event the gateway forwards (with its user-event id) or an ephemeral one.',
        payload: jsonSchemaOf(liveMessageSchema, 'live message'),
      },
      CoachToken: {
        name: COACH_TOKEN,
        title: 'a piece of a coach reply as the model streams it',
        payload: jsonSchemaOf(liveMessageSchema.extend({ type: z.literal(COACH_TOKEN), data: coachTokenSchema }), 'coach token'),
        examples: [{ name: 'example', payload: { type: COACH_TOKEN, data: { conversationId: EXAMPLE_IDS.id, userMessageId: EXAMPLE_IDS.correlationId, index: 0, text: 'Hello' } } }],
      },
    },
    'x-published-by': liveAccess('publish'),
    'x-subscribed-by': liveAccess('publish-and-subscribe'),
  };
  const messages = [{ $ref: '#/channels/live_user/messages/LiveMessage' }, { $ref: '#/channels/live_user/messages/CoachToken' }];
  document.operations['publishLive'] = { action: 'send', summary: `Publish to a user's open clients (${liveAccess('publish').join(', ')}).`, channel: { $ref: '#/channels/live_user' }, messages };
  document.operations['receiveLive'] = {
    action: 'receive',
    summary: `Hold users' open clients and receive what is published to them (${liveAccess('publish-and-subscribe').join(', ')}).`,
    channel: { $ref: '#/channels/live_user' },
    messages,
  };
}

/** Headers a dead letter carries besides every header of the message it holds. */
const deadLetterHeaders: JSONSchema = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': { type: 'string', description: '<original message id>:dlq:<durable consumer>: a second dead-lettering of the same delivery is dropped.' },
    'tandem-error': { type: 'string', maxLength: 1000, description: "The handler's last error: name and message." },
    'tandem-original-subject': { type: 'string', description: 'Where the message was published; replay publishes it there again.' },
    'tandem-deliveries': { type: 'string', pattern: '^[0-9]+$', description: 'How many times it was delivered before the consumer gave up.' },
  },
  required: ['tandem-error', 'tandem-original-subject', 'tandem-deliveries'],
};

function addDeadLetterChannel(document: AsyncApiDocument): void {
  const services = Object.keys(BUS_ACCESS);
  document.channels['dlq'] = {
    address: 'dlq.{service}.{userId}.{subject}',
    description:
      'What a consumer gave up on after its bounded deliveries (or at once, when malformed): the original body byte for byte, stored in the DEADLETTER stream for 30 days. ' +
      '`subject` is the original subject (several tokens). Operators list, show, replay and drop them with `npm run dlq`; erasing a user purges `dlq.*.<userId>.>`.',
    parameters: {
      service: { enum: services, description: 'The consuming service that gave up.' },
      userId: { description: 'The user the message names, or `none`.' },
      subject: { description: 'The original subject, e.g. evt.user.registered.v1.' },
    },
    messages: {
      DeadLetter: {
        name: 'dead-letter',
        title: 'a message a consumer gave up on',
        headers: { allOf: [{ $ref: '#/components/schemas/NatsHeaders' }, { $ref: '#/components/schemas/DeadLetterHeaders' }] },
        payload: { description: 'The original message body: usually an envelope, possibly malformed (that may be why it is here).' },
      },
    },
    'x-published-by': services,
    'x-purged-by': Object.entries(BUS_ACCESS as Record<string, { purgesDeadLetters?: true }>)
      .filter(([, access]) => access.purgesDeadLetters)
      .map(([service]) => service),
    'x-read-by': ['operator (npm run dlq)'],
  };
  document.operations['publishDeadLetter'] = {
    action: 'send',
    summary: 'Each service publishes its own dead letters (dlq.<service>.>).',
    channel: { $ref: '#/channels/dlq' },
    messages: [{ $ref: '#/channels/dlq/messages/DeadLetter' }],
  };
}
