import type { DurableConsumerSettings } from '../durable-consumer';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const JETSTREAM = Symbol('JETSTREAM');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');
export const BUS_NAMES = Symbol('BUS_NAMES');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** The service name: durable consumer names, dead-letter subjects and the request/reply queue group. */
  service: string;
  consumer: Partial<DurableConsumerSettings>;
  relayIntervalMs: number;
  streamReplicas: number;
}
