import { z } from 'zod';

import { COACH_TOKEN, coachTokenSchema, PostChatMessage, USER_FACING_EVENTS } from '@tandem/contracts';

import { jsonSchemaOf } from './zod-dto';

/** Sent every SSE_HEARTBEAT_MS on GET /v1/events so proxies keep the connection open. */
export const HEARTBEAT = 'heartbeat';
/** POST /v1/chat/messages as a stream: its first event, with the stored message's ids. */
export const ACCEPTED = 'accepted';
/** POST /v1/chat/messages as a stream: the reply took too long; it will arrive on GET /v1/events. */
export const REPLY_TIMEOUT = 'chat.reply.timeout';

/** The `data` of each Server-Sent Event type the gateway writes, from the contracts. */
const SSE_DATA: Record<string, z.ZodType> = {
  [HEARTBEAT]: z.object({}),
  [ACCEPTED]: PostChatMessage.response,
  [COACH_TOKEN]: coachTokenSchema,
  [REPLY_TIMEOUT]: PostChatMessage.response.extend({ message: z.string() }),
  ...Object.fromEntries(USER_FACING_EVENTS.map((contract) => [contract.type, contract.payload])),
};

/** Every event GET /v1/events may send: the durable user-facing events (with `id`), coach tokens and heartbeats. */
export const LIVE_EVENT_TYPES = [...USER_FACING_EVENTS.map((contract) => contract.type), COACH_TOKEN, HEARTBEAT];

/** What POST /v1/chat/messages streams with `Accept: text/event-stream`, in order. */
export const REPLY_EVENT_TYPES = [ACCEPTED, COACH_TOKEN, 'chat.message.created', 'chat.turn.failed', REPLY_TIMEOUT];

/** The component naming the `data` of an SSE event type: `SseData_chat_token`. */
export const sseComponentName = (type: string) => `SseData_${type.replace(/[^A-Za-z0-9]+/g, '_')}`;

/** The JSON Schema of every event type's `data`, as document components. */
export function sseComponents(): Record<string, object> {
  return Object.fromEntries(Object.entries(SSE_DATA).map(([type, schema]) => [sseComponentName(type), { ...jsonSchemaOf(schema, 'output'), description: `The data of the \`${type}\` event` }]));
}

/**
 * A text/event-stream media type. OpenAPI 3.0 cannot type the events of a stream, so the body is
 * a string and `x-sse-events` maps each event type to the schema of its `data` (JSON).
 */
export function sseContent(types: string[], description: string): Record<string, { schema: object; [extension: `x-${string}`]: unknown }> {
  const unknown = types.filter((type) => !SSE_DATA[type]);
  if (unknown.length) throw new Error(`No data schema for the SSE events ${unknown.join(', ')}`);
  return {
    'text/event-stream': {
      schema: { type: 'string', description: `${description} Event types: ${types.map((type) => `\`${type}\``).join(', ')}.` },
      'x-sse-events': Object.fromEntries(types.map((type) => [type, { $ref: `#/components/schemas/${sseComponentName(type)}` }])),
    },
  };
}
