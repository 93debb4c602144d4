import { Global, Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';

import { BusNames } from './bus-names';
import { connectNats, readNatsEnv } from './nats-connection';
import { OutboxRelay } from './outbox-relay';
import { MessageBus } from './nest/message-bus';
import { MessagingLifecycle } from './nest/messaging-lifecycle';
import { QueryClient } from './nest/query';
import { BUS_NAMES, JETSTREAM, JETSTREAM_MANAGER, MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './nest/tokens';

/** Readiness of the bus: a round trip to the server on the messaging connection and on the query connection. */
@Injectable()
export class NatsHealthIndicator {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly queries: QueryClient,
    private readonly health: HealthIndicatorService,
  ) {}

  check(key = 'nats') {
    return this.health
      .check(key)
      .attempt(async () => {
        const [rttMs, queriesRttMs] = await Promise.all([this.nc.rtt(), this.queries.rtt()]);
        return { rttMs, queriesRttMs, server: this.nc.getServer() };
      })
      .withTimeout(1_500);
  }
}

/**
 * Everything a service needs to talk on the bus: the NATS connection, JetStream streams,
 * MessageBus (transaction + outbox), @OnMessage consumers, QueryClient, and bus health.
 * Needs MikroOrmModule in the same app (outbox and inbox live in the service's schema).
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: { service: string } & Partial<Omit<MessagingOptions, 'service'>>): DynamicModule {
    const env = readNatsEnv();
    const resolved: MessagingOptions = { consumer: {}, relayIntervalMs: 1_000, streamReplicas: env.NATS_STREAM_REPLICAS, ...options };
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: resolved },
        { provide: NATS_CONNECTION, useFactory: () => connectNats(resolved.service, env.NATS_URL) },
        { provide: BUS_NAMES, useValue: new BusNames(env.BUS_NAMESPACE) },
        { provide: JETSTREAM, useFactory: (nc: NatsConnection) => jetstream(nc), inject: [NATS_CONNECTION] },
        // Creating a durable consumer on a replicated stream waits for its raft group's election: more than the API's default 5 s on a busy cluster.
        { provide: JETSTREAM_MANAGER, useFactory: (nc: NatsConnection) => jetstreamManager(nc, { timeout: 30_000 }), inject: [NATS_CONNECTION] },
        {
          provide: OutboxRelay,
          useFactory: (orm: MikroORM, js: JetStreamClient, names: BusNames) => new OutboxRelay(orm, js, names, new Logger('Outbox')),
          inject: [MikroORM, JETSTREAM, BUS_NAMES],
        },
        HealthIndicatorService,
        NatsHealthIndicator,
        MessageBus,
        QueryClient,
        MessagingLifecycle,
      ],
      exports: [NATS_CONNECTION, JETSTREAM, JETSTREAM_MANAGER, BUS_NAMES, MESSAGING_OPTIONS, MessageBus, QueryClient, NatsHealthIndicator, OutboxRelay, MessagingLifecycle],
    };
  }
}
