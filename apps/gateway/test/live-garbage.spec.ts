import type { NatsConnection } from '@nats-io/transport-node';

import { liveSubject, UserErased } from '@tandem/contracts';
import { BUS_NAMES, MessageBus, NATS_CONNECTION, type BusNames } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { parseLiveMessage } from '../src/events/live-events.service';
import { apiClient, newAccount, openEventStream, startGateway, type Gateway } from './support';

/** What anyone could publish on a user's live subject: none of it may reach the user or stop delivery. */
const GARBAGE = [
  'not json at all',
  JSON.stringify({ type: 'chat.token', data: null }),
  JSON.stringify({ type: 'chat.token', data: { conversationId: 'x', userMessageId: 'y', index: -1, text: 1 } }),
  JSON.stringify({ type: 'chat.message.created', data: {} }),
  JSON.stringify({ type: 'admin.everything', data: { secret: true } }),
  JSON.stringify({ data: 'no type' }),
];

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('gateway live messages', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway?.close());

  it('should pass on only messages that match their contract', () => {
    for (const raw of GARBAGE) expect(parseLiveMessage(tryJson(raw))).toBeNull();
    const token = { conversationId: '0c6b6a5e-7a43-4e65-9a53-1f1f9e1c9a10', userMessageId: '5b0d2f1e-3c8a-4e2b-9f7d-6a1c2b3d4e5f', index: 0, text: 'Hi' };
    expect(parseLiveMessage({ type: 'chat.token', data: token })).toEqual({ type: 'chat.token', data: token });
  });

  it('should drop garbage on a live subject and keep delivering to every stream', async () => {
    const api = apiClient(gateway.url);
    const [alice, bob] = await Promise.all([0, 1].map(async () => (await api<{ user: { id: string }; token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body));
    const aliceStream = await openEventStream(gateway.url, alice!.token);
    const bobStream = await openEventStream(gateway.url, bob!.token);
    const nc = gateway.app.get<NatsConnection>(NATS_CONNECTION);
    const names = gateway.app.get<BusNames>(BUS_NAMES);
    for (const raw of GARBAGE) nc.publish(names.subject(liveSubject(alice!.user.id)), raw);

    // Events published after the garbage still reach both users.
    const bus = gateway.app.get(MessageBus);
    for (const user of [alice!, bob!]) await bus.transaction(async ({ emit }) => emit(UserErased, { userId: user.user.id, service: 'after-garbage', erasedRows: 1 }, { userId: user.user.id }));
    await expectEventually(() => expect(aliceStream.events.filter((event) => event.type === 'user.erased')).toHaveLength(1));
    await expectEventually(() => expect(bobStream.events.filter((event) => event.type === 'user.erased')).toHaveLength(1));
    expect(aliceStream.events.map((event) => event.type).filter((type) => type !== 'heartbeat')).toEqual(['user.erased']);
    expect((await api('GET', '/health')).status).toBe(200);
    await aliceStream.close();
    await bobStream.close();
  });
});
