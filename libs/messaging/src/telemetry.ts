import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { Counter, Gauge, Histogram } from 'prom-client';

import { sharedMetric } from '@tandem/config';

/**
 * Trace context across the bus, through OpenTelemetry's API: without an SDK (no OTEL_* exporter
 * configured) every call here is a no-op, so the hot path pays nothing for it.
 */
const tracer = trace.getTracer('@tandem/messaging');

/** The active trace context as a W3C `traceparent` value (undefined when nothing is traced). */
export function currentTraceparent(): string | undefined {
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a message's `traceparent` names, or the active one. */
export function traceContextOf(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(context.active(), { traceparent }) : context.active();
}

/** Runs `work` in a span that is a child of `parent`; the span records a failure and ends with `work`. */
export function inSpan<T>(name: string, kind: SpanKind, parent: Context, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };

/** Prometheus metrics of the bus, in prom-client's default registry (served at /metrics by libs/service). */
export const messagingMetrics = {
  handled: sharedMetric(
    'tandem_messages_handled_total',
    (name) =>
      new Counter({
        name,
        help: 'Messages a durable consumer settled, by outcome (acked, retried, dead-lettered).',
        labelNames: ['consumer', 'outcome'] as const,
      }),
  ),
  handlingSeconds: sharedMetric(
    'tandem_message_handling_seconds',
    (name) =>
      new Histogram({
        name,
        help: 'From pulling a message to settling it, per durable consumer.',
        labelNames: ['consumer'] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      }),
  ),
  consumerPending: sharedMetric(
    'tandem_consumer_pending_messages',
    (name) =>
      new Gauge({
        name,
        help: 'Messages in the stream not yet delivered to this durable consumer (JetStream num_pending).',
        labelNames: ['consumer'] as const,
      }),
  ),
  consumerAckPending: sharedMetric(
    'tandem_consumer_ack_pending_messages',
    (name) =>
      new Gauge({
        name,
        help: 'Messages delivered and not yet acknowledged (JetStream num_ack_pending).',
        labelNames: ['consumer'] as const,
      }),
  ),
  consumerRedelivered: sharedMetric(
    'tandem_consumer_redelivered_messages',
    (name) =>
      new Gauge({
        name,
        help: 'Messages delivered more than once and still unacknowledged (JetStream num_redelivered).',
        labelNames: ['consumer'] as const,
      }),
  ),
  deadLetters: sharedMetric(
    'tandem_dead_letters',
    (name) =>
      new Gauge({
        name,
        help: "Messages in this service's dead-letter subjects.",
      }),
  ),
  outboxBacklog: sharedMetric(
    'tandem_outbox_backlog',
    (name) =>
      new Gauge({
        name,
        help: 'Outbox rows committed and not yet published.',
      }),
  ),
  outboxOldestSeconds: sharedMetric(
    'tandem_outbox_oldest_unpublished_seconds',
    (name) =>
      new Gauge({
        name,
        help: 'Age of the oldest unpublished outbox row (0 when none).',
      }),
  ),
};
