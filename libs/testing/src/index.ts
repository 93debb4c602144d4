export { createTestDatabase } from './test-database';
export type { OrmConfigFactory, TestDatabase } from './test-database';
export { expectEventually } from './expect-eventually';
export { deleteBusStreams } from './bus';
export { freePort, startAppProcess } from './processes';
export type { AppProcess } from './processes';
export { startFakeOpenAI, type FakeChatReply, type FakeEmbeddingsReply, type FakeError, type FakeOpenAI, type FakeOpenAIOptions, type FakeToolCall, type RecordedRequest } from './fake-openai';
export { startNatsServer } from './nats-server';
export type { NatsServerProcess } from './nats-server';
