import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

import type { BusNames } from '../bus-names';
import { busAccessOf, type DurableContract } from '@tandem/contracts';

import { DEFAULT_CONSUMER_SETTINGS, DurableConsumer, type DeferredMessageHandler, type DurableConsumerSettings, type MessageHandler } from '../durable-consumer';
import { OutboxRelay } from '../outbox-relay';
import { ensureStreams } from '../streams';
import { messagingMetrics } from '../telemetry';
import { BUS_NAMES, JETSTREAM, JETSTREAM_MANAGER, MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';
import { ON_MESSAGE, type OnMessageMetadata } from './on-message.decorator';

/** Provisions streams, starts a durable consumer per @OnMessage handler and the outbox sweeper, and stops them in order. */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private readonly consumers: Array<DurableConsumer<never>> = [];
  private readonly durables = new Set<string>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    @Inject(BUS_NAMES) private readonly names: BusNames,
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureStreams(this.jsm, this.names, { replicas: this.options.streamReplicas });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const { metadata, handler } of this.handlers()) {
      const settings = typeof metadata.settings === 'function' ? metadata.settings() : metadata.settings;
      // The decorator cannot tie the handler's context to its settings: the consumer reads `transaction`.
      await this.consume(metadata.contract, handler as MessageHandler<DurableContract>, settings);
    }
    this.relay.start(this.options.relayIntervalMs);
  }

  /** Starts a durable consumer for a handler known only at run time (the decorator covers the rest). */
  async consume<C extends DurableContract>(contract: C, handler: DeferredMessageHandler<C>, overrides: Partial<DurableConsumerSettings> & { transaction: 'in-handler' }): Promise<void>;
  async consume<C extends DurableContract>(contract: C, handler: MessageHandler<C>, overrides?: Partial<DurableConsumerSettings>): Promise<void>;
  async consume<C extends DurableContract>(contract: C, handler: MessageHandler<C> | DeferredMessageHandler<C>, overrides: Partial<DurableConsumerSettings> = {}): Promise<void> {
    const settings = { ...DEFAULT_CONSUMER_SETTINGS, ...this.options.consumer, ...overrides };
    // The bus would refuse it anyway (its permissions come from the same declaration); say so now, and why.
    const access = busAccessOf(this.options.service);
    if (access && !access.consumes.some((declared) => declared.contract.subject === contract.subject && declared.handler === settings.handlerName)) {
      throw new Error(
        `${this.options.service} consumes ${contract.subject}${settings.handlerName ? ` as ${settings.handlerName}` : ''} without declaring it in BUS_ACCESS (libs/contracts/src/bus-access.ts)`,
      );
    }
    // Two handlers on one durable consumer would split the messages between them.
    const identity = `${contract.subject}#${settings.handlerName ?? ''}`;
    if (this.durables.has(identity)) {
      throw new Error(`${this.options.service} has two handlers for ${contract.subject}: give one a distinct handlerName`);
    }
    this.durables.add(identity);
    const deps = { orm: this.orm, js: this.js, jsm: this.jsm, names: this.names, relay: this.relay, service: this.options.service, logger: this.logger };
    const consumer = new DurableConsumer(deps, contract, handler as MessageHandler<C>, settings);
    await consumer.start();
    this.consumers.push(consumer as unknown as DurableConsumer<never>);
    this.logger.log(`consuming ${contract.subject} as ${this.options.service}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    // drain flushes pending publishes and acks before closing.
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /**
   * Brings the bus gauges up to date, at scrape time (libs/service's /metrics): each durable
   * consumer's backlog, in-hand and redelivered counts from JetStream, this service's dead
   * letters, and its outbox backlog. A source that does not answer keeps its last value.
   */
  async refreshMetrics(): Promise<void> {
    const dlqPrefix = this.names.subject(`dlq.${this.options.service}.`);
    await Promise.allSettled([
      ...this.consumers.map(async (consumer) => {
        const { durable, pending, ackPending, redelivered } = await consumer.lag();
        messagingMetrics.consumerPending.set({ consumer: durable }, pending);
        messagingMetrics.consumerAckPending.set({ consumer: durable }, ackPending);
        messagingMetrics.consumerRedelivered.set({ consumer: durable }, redelivered);
      }),
      (async () => {
        const info = await this.jsm.streams.info(this.names.stream('DEADLETTER'), { subjects_filter: `${dlqPrefix}>` });
        messagingMetrics.deadLetters.set(Object.entries(info.state.subjects ?? {}).reduce((sum, [subject, count]) => (subject.startsWith(dlqPrefix) ? sum + count : sum), 0));
      })(),
      this.relay.measureBacklog(),
    ]);
  }

  private *handlers(): Generator<{ metadata: OnMessageMetadata; handler: MessageHandler<never> | DeferredMessageHandler<never> }> {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const method = instance[name] as (...args: unknown[]) => Promise<void>;
        const metadata = Reflect.getMetadata(ON_MESSAGE, method) as OnMessageMetadata | undefined;
        if (metadata) yield { metadata, handler: method.bind(instance) as MessageHandler<never> };
      }
    }
  }
}
