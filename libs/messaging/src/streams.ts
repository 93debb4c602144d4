import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos, TimeoutError } from '@nats-io/transport-node';

import type { BusNames } from './bus-names';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * JetStream settings, explicit rather than server defaults (see docs/messaging.md):
 * - file storage, so acknowledged messages survive a server restart;
 * - a 2-minute duplicate window: a relay that re-publishes an outbox row (crash after publish,
 *   before marking it sent) within that window is dropped by the server via Nats-Msg-Id;
 * - `replicas` 1 here; production runs 3 in a NATS cluster (NATS_STREAM_REPLICAS).
 */
export interface StreamSettings {
  replicas: number;
}

export function streamConfigs(names: BusNames, settings: StreamSettings): Array<Partial<StreamConfig> & { name: string; subjects: string[] }> {
  const common = {
    storage: StorageType.File,
    num_replicas: settings.replicas,
    duplicate_window: nanos(2 * 60 * 1000),
    discard: DiscardPolicy.Old,
  };
  return [
    // Events fan out to every interested service: each has its own durable consumer.
    { ...common, name: names.stream('EVENTS'), subjects: [names.subject('evt.>')], retention: RetentionPolicy.Limits, max_age: nanos(7 * DAY_MS) },
    // Commands have exactly one handling service; a handled command is removed.
    { ...common, name: names.stream('COMMANDS'), subjects: [names.subject('cmd.>')], retention: RetentionPolicy.Workqueue, max_age: nanos(7 * DAY_MS) },
    // What consumers gave up on, kept for inspection and replay.
    { ...common, name: names.stream('DEADLETTER'), subjects: [names.subject('dlq.>')], retention: RetentionPolicy.Limits, max_age: nanos(30 * DAY_MS) },
  ];
}

/**
 * Creates or updates every stream: the migrate step's job (infra/bootstrap/prepare.ts), as the
 * provisioner, the one identity allowed to change streams.
 */
export async function provisionStreams(jsm: JetStreamManager, names: BusNames, settings: StreamSettings = { replicas: 1 }): Promise<void> {
  for (const config of streamConfigs(names, settings)) {
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add(config);
    }
  }
}

/**
 * At a service's start: creates a missing stream when its identity may (tests, a server without
 * authentication), and otherwise says which step was skipped. Never changes an existing stream.
 */
export async function ensureStreams(jsm: JetStreamManager, names: BusNames, settings: StreamSettings = { replicas: 1 }): Promise<void> {
  for (const config of streamConfigs(names, settings)) {
    try {
      await jsm.streams.info(config.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (creating) {
        throw new Error(`JetStream stream ${config.name} does not exist and this service may not create it: run the migrate step (infra/bootstrap/prepare.ts) first (${(creating as Error).message})`);
      }
    }
  }
}

export interface ConsumerSettings {
  /** How long the server waits for an ack before redelivering. */
  ackWaitMs: number;
  /** Deliveries after which a failing message goes to the dead-letter subject. */
  maxDeliveries: number;
}

export function streamForSubject(names: BusNames, subject: string): string {
  if (subject.startsWith('evt.')) return names.stream('EVENTS');
  if (subject.startsWith('cmd.')) return names.stream('COMMANDS');
  throw new Error(`No stream captures ${subject}`);
}

/** Creates or updates the durable pull consumer of one service for one subject. */
export async function provisionConsumer(jsm: JetStreamManager, names: BusNames, service: string, subject: string, settings: ConsumerSettings, handlerName?: string) {
  const stream = streamForSubject(names, subject);
  const config: Partial<ConsumerConfig> & { durable_name: string } = {
    durable_name: names.durable(handlerName ? `${service}__${handlerName}` : service, subject),
    filter_subject: names.subject(subject),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(settings.ackWaitMs),
    // The handler moves a message to the dead-letter subject after maxDeliveries; the server's
    // own limit is a backstop for a message that crashes the process before it can.
    max_deliver: settings.maxDeliveries + 2,
    max_ack_pending: 1_000,
  };
  // A replicated stream electing its leader (a cluster starting, a node restarting) can leave the
  // JetStream API silent past its timeout: that is retried, anything else is not.
  for (let attempt = 1; ; attempt++) {
    try {
      try {
        await jsm.consumers.info(stream, config.durable_name);
        await jsm.consumers.update(stream, config.durable_name, config);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await jsm.consumers.add(stream, config);
      }
      return { stream, durable: config.durable_name };
    } catch (error) {
      if (!(error instanceof TimeoutError) || attempt === PROVISION_ATTEMPTS) throw error;
    }
  }
}

const PROVISION_ATTEMPTS = 3;

function isNotFound(error: unknown): boolean {
  return /not found/i.test((error as Error)?.message ?? '');
}
