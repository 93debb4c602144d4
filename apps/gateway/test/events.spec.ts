import { Client } from 'pg';

import { UserErased } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';
import { SERVICE_NAMES } from '@tandem/persistence';
import { expectEventually } from '@tandem/testing';

import { apiClient, newAccount, openEventStream, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

describe('gateway live events and erasure', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({ SSE_HEARTBEAT_MS: '200' });
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  const register = async () => (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
  /** A user-facing durable event, as another service would publish it. */
  const publishFor = (userId: string, service: string) => gateway.app.get(MessageBus).transaction(async ({ emit }) => emit(UserErased, { userId, service, erasedRows: 7 }, { userId }));

  it('should stream an event published for the user to that user only, with heartbeats', async () => {
    const alice = await register();
    const bob = await register();
    const aliceStream = await openEventStream(gateway.url, alice.token);
    const bobStream = await openEventStream(gateway.url, bob.token);
    expect(aliceStream.status).toBe(200);
    expect(aliceStream.contentType).toMatch(/text\/event-stream/);

    await publishFor(alice.user.id, 'sse-test');

    await expectEventually(() => expect(aliceStream.events.filter((event) => event.type === 'user.erased')).toHaveLength(1));
    const [event] = aliceStream.events.filter((e) => e.type === 'user.erased');
    expect(event).toMatchObject({ id: expect.stringMatching(/^\d+$/), data: { userId: alice.user.id, service: 'sse-test' } });
    // Bob's own later event and a heartbeat reach him; Alice's, published before, never did.
    await publishFor(bob.user.id, 'sse-test-bob');
    await expectEventually(() => expect(bobStream.events.filter((e) => e.type === 'user.erased').map((e) => (e.data as { service: string }).service)).toEqual(['sse-test-bob']));
    await expectEventually(() => expect(bobStream.events.some((e) => e.type === 'heartbeat')).toBe(true));
    await aliceStream.close();
    await bobStream.close();
  });

  it('should replay durable events after Last-Event-ID on reconnect', async () => {
    const carol = await register();
    const first = await openEventStream(gateway.url, carol.token);
    await publishFor(carol.user.id, 'first');
    await expectEventually(() => expect(first.events.filter((e) => e.type === 'user.erased')).toHaveLength(1));
    const lastSeen = first.events.find((e) => e.type === 'user.erased')!.id!;
    await first.close();
    // Stored as the event's envelope says, under the id the stream gave.
    const client = new Client({ connectionString: gateway.db.adminUrl });
    await client.connect();
    const { rows: stored } = await client.query('select id::text, type, payload, occurred_at from accounts.user_events where user_id = $1', [carol.user.id]).finally(() => client.end());
    expect(stored).toEqual([{ id: lastSeen, type: 'user.erased', payload: { userId: carol.user.id, service: 'first', erasedRows: 7 }, occurred_at: expect.any(Date) }]);

    // Published while Carol is away; another open stream of hers shows it has gone out.
    const witness = await openEventStream(gateway.url, carol.token);
    await publishFor(carol.user.id, 'while-away');
    await expectEventually(() => expect(witness.events.filter((e) => e.type === 'user.erased')).toHaveLength(1));
    await witness.close();
    const resumed = await openEventStream(gateway.url, carol.token, lastSeen);
    await expectEventually(() => expect(resumed.events.filter((e) => e.type === 'user.erased').map((e) => (e.data as { service: string }).service)).toEqual(['while-away']));
    await resumed.close();
  });

  it('should refuse the stream without a token', async () => {
    expect((await api('GET', '/v1/events')).status).toBe(401);
  });

  it('should erase an account once every service confirmed, keeping the record of it', async () => {
    const dave = await register();
    const accepted = await api('DELETE', '/v1/me', { token: dave.token, body: { password: newAccount().password } });
    expect(accepted.status).toBe(202);

    // The account is frozen but can still watch its erasure.
    expect((await api('GET', '/v1/me', { token: dave.token })).status).toBe(403);
    const pending = await api<{ services: Array<{ service: string; confirmedAt: string | null }> }>('GET', '/v1/me/erasure', { token: dave.token });
    expect(pending.status).toBe(200);
    const others = SERVICE_NAMES.filter((service) => service !== 'gateway');
    expect(others).toEqual(expect.arrayContaining(['coach-state', 'identities', 'chat']));
    expect(pending.body.services.map((s) => s.service)).toEqual([...others, 'gateway']);
    expect(pending.body.services.every((s) => s.confirmedAt === null)).toBe(true);
    expect((await api('POST', '/v1/auth/login', { body: { email: 'x@example.com', password: 'whatever12345' } })).status).toBe(401);

    // The other services confirm (here on their behalf; the end-to-end test runs the real ones).
    for (const service of others.slice(0, -1)) await publishFor(dave.user.id, service);
    await expectEventually(async () => {
      const { body } = await api<{ services: Array<{ service: string; confirmedAt: string | null }> }>('GET', '/v1/me/erasure', { token: dave.token });
      expect(body.services.filter((s) => s.confirmedAt !== null).map((s) => s.service)).toEqual(others.slice(0, -1));
    });
    expect((await api('GET', '/v1/me/erasure', { token: dave.token })).status).toBe(200); // the last one has not confirmed yet
    await publishFor(dave.user.id, others.at(-1)!);

    await expectEventually(async () => expect((await api('GET', '/v1/me/erasure', { token: dave.token })).status).toBe(401));
    const { rows } = await query(gateway.db.adminUrl, dave.user.id);
    expect(rows).toEqual([{ users: '0', sessions: '0', completed: true, gateway_rows: expect.any(Number) }]);
  });
});

async function query(url: string, userId: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(
      `select (select count(*) from accounts.users where id = $1) as users,
              (select count(*) from accounts.sessions where user_id = $1) as sessions,
              (select completed_at is not null from accounts.erasure_requests where user_id = $1) as completed,
              (select (confirmations->'gateway'->>'erasedRows')::int from accounts.erasure_requests where user_id = $1) as gateway_rows`,
      [userId],
    );
  } finally {
    await client.end();
  }
}
