// generateAsyncApi is imported from './asyncapi' by the generator and the tests, not re-exported
// here: it needs `yaml`, a devDependency the production image does not install.
export * from './accounts';
export * from './chat';
export * from './coach-state';
export { CommandRejected } from './common/command-rejected';
export { pageCursor, pageOfItems } from './common/page';
export * from './identities';
export * from './progress';
export * from './scenarios';
export * from './sentinel';
export * from './team';
export { findBreakingChanges } from './compatibility';
export { SUBJECT_PREFIX, defineCommand, defineEvent, defineQuery } from './define';
export type { CommandContract, DurableContract, EventContract, MessageContract, MessageKind, PayloadOf, QueryContract, ResponseOf } from './define';
export { envelopeSchema } from './envelope';
export type { Envelope } from './envelope';
export { jsonSchemaOf } from './json-schema';
export type { JSONSchema } from './json-schema';
export { CONTRACTS, contractForSubject } from './registry';
export { buildSnapshot, snapshotKey, snapshotOf } from './snapshot';
export type { ContractSnapshot, ContractsSnapshot } from './snapshot';
export { COACH_TOKEN, SESSION_REVOKED, coachTokenSchema, liveMessageSchema, liveSubject, sessionRevokedSchema } from './live';
export type { CoachToken, LiveMessage, SessionRevoked } from './live';
export { ACTION_RESULTS_HANDLER, BUS_ACCESS, COACH_TURN_HANDLER, LIVE_EVENTS_HANDLER, SHARED_EVENTS, USER_FACING_EVENTS, answeredQueries, busAccessOf, publishedEvents } from './bus-access';
export type { BusAccess, BusService, Consumption } from './bus-access';
