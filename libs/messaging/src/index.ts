export { BusNames } from './bus-names';
export { DEFAULT_CONSUMER_SETTINGS, DurableConsumer } from './durable-consumer';
export type { ConsumerDeps, DeferredHandlerContext, DeferredMessageHandler, DurableConsumerSettings, HandlerContext, MessageHandler } from './durable-consumer';
export { KeyedScheduler } from './keyed-scheduler';
export { BadCursorError, decodeCursor, encodeCursor, keysetAfter, keysetCursor, keysetPageOf, offsetAfter, offsetCursor, offsetPageOf, pageOf } from './pagination';
export type { KeysetCursor, OffsetCursor } from './pagination';
export { ContractViolationError, DomainError, QueryError, QueryRejectedError, QueryTimeoutError, QueryUnavailableError, type FieldIssue } from './errors';
export { HEADER, envelopeHeaders } from './headers';
export { InboxMessage, MESSAGING_ENTITIES, Migration20261123000000Messaging, OutboxMessage } from './messaging.entities';
export { MessagingModule, NatsHealthIndicator } from './messaging.module';
export { DEFAULT_NATS_URL, assertJetStream, connectNats, natsConnectionOptions, natsServers, readNatsEnv } from './nats-connection';
export {
  ALL_IDENTITIES,
  PROVISIONER,
  SERVICE_IDENTITIES,
  TESTER,
  createNatsIdentity,
  ensureNatsIdentities,
  readNatsIdentities,
  inboxPrefixOf,
  natsAuthorization,
  natsServerConfig,
  natsUsers,
  provisionerPermissions,
  publicKeyOf,
  servicePermissions,
} from './nats-permissions';
export type { NatsIdentity, NatsPermissions, NatsServerSettings, NatsUser, PermissionOptions } from './nats-permissions';
export { MessageBus } from './nest/message-bus';
export { MessagingLifecycle } from './nest/messaging-lifecycle';
export type { Transaction } from './nest/message-bus';
export { OnMessage } from './nest/on-message.decorator';
export { testScenarioHandler } from './nest/test-scenario-handler';
export type { TestScenarioPart } from './nest/test-scenario-handler';
export { AnswerQuery, fieldIssues, INVALID_REQUEST, QueryClient, rejectQuery, serveQueries } from './nest/query';
export { BUS_NAMES, JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from './nest/tokens';
export { causedBy, createEnvelope, outboxInsert, outboxRow, recordMessage } from './outbox';
export type { MessageMeta } from './outbox';
export { OutboxRelay } from './outbox-relay';
export type { RelayLogger, RelayOptions } from './outbox-relay';
export { ensureStreams, provisionConsumer, provisionStreams, streamConfigs, streamForSubject } from './streams';
export type { ConsumerSettings, StreamSettings } from './streams';
export { Migration20261130000000Erasures, isErased, lockUser, recordErasure } from './erasure';

/** Every migration of the messaging tables (outbox, inbox, erasure tombstones), in order: each service lists them first. */
export { MESSAGING_MIGRATIONS } from './migrations';
