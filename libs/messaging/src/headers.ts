import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

import type { Envelope } from '@tandem/contracts';

/** Header names: the envelope's ids, readable without parsing the body, beside W3C trace context. */
export const HEADER = {
  messageId: 'Nats-Msg-Id',
  type: 'tandem-type',
  correlationId: 'tandem-correlation-id',
  causationId: 'tandem-causation-id',
  userId: 'tandem-user-id',
  testScenarioId: 'tandem-test-scenario-id',
  traceparent: 'traceparent',
  error: 'tandem-error',
  originalSubject: 'tandem-original-subject',
  deliveries: 'tandem-deliveries',
} as const;

export function envelopeHeaders(envelope: Envelope, traceparent?: string): MsgHdrs {
  const headers = natsHeaders();
  headers.set(HEADER.type, `${envelope.type}.v${envelope.version}`);
  headers.set(HEADER.correlationId, envelope.correlationId);
  if (envelope.causationId) headers.set(HEADER.causationId, envelope.causationId);
  if (envelope.userId) headers.set(HEADER.userId, envelope.userId);
  if (envelope.testScenarioId) headers.set(HEADER.testScenarioId, envelope.testScenarioId);
  if (traceparent) headers.set(HEADER.traceparent, traceparent);
  return headers;
}
