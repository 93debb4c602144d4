import { expectEventually, newAccount, openEventStream } from '@tandem/testing';

import { startSystem, type System } from './system';

interface AuthBody {
  user: { id: string };
  token: string;
}
/** Goals, commitments, energy and check-ins through the gateway, every service its own process. */
describe('progress through the gateway', () => {
  let system: System;
  let alice: AuthBody;
  let bob: AuthBody;

  beforeAll(async () => {
    system = await startSystem({ SERVICE_TIMEOUT_MS: '5000', PROGRESS_SCHEDULER_INTERVAL_MS: '250' });
    alice = (await system.api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
    bob = (await system.api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
  }, 180_000);
  afterAll(() => system?.stop());

  it('should refuse bad input with a 400 naming the field, and another user’s goal with a 404', async () => {
    const { api } = system;
    const token = alice.token;
    const past = await api<{ message: string }>('POST', '/v1/commitments', { token, body: { title: 'Yesterday', dueAt: new Date(Date.now() - 3_600_000).toISOString() } });
    expect(past.status).toBe(400);
    expect(past.body.message).toContain('dueAt');
    const noOffset = await api<{ message: string }>('POST', '/v1/commitments', { token, body: { title: 'Later', dueAt: '2030-01-01T10:00:00' } });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.message).toContain('dueAt');
    const schedule = await api<{ message: string }>('POST', '/v1/commitments', { token, body: { title: 'Hourly', dueAt: new Date(Date.now() + 3_600_000).toISOString(), schedule: 'HOURLY' } });
    expect(schedule.status).toBe(400);
    expect(schedule.body.message).toContain('schedule');
    const energy = await api<{ message: string }>('POST', '/v1/energy', { token, body: { level: 11 } });
    expect(energy.status).toBe(400);
    expect(energy.body.message).toContain('level');
    const zone = await api<{ message: string }>('PUT', '/v1/check-in-settings', { token, body: { timeZone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
    expect(zone.body.message).toContain('timeZone');

    const goal = (await api<{ id: string }>('POST', '/v1/goals', { token: bob.token, body: { title: 'Bob’s goal' } })).body;
    expect((await api('GET', `/v1/goals/${goal.id}`, { token })).status).toBe(404);
    expect((await api('PATCH', `/v1/goals/${goal.id}`, { token, body: { title: 'Mine now' } })).status).toBe(404);
    const hijack = await api('POST', '/v1/commitments', { token, body: { title: 'On Bob’s goal', dueAt: new Date(Date.now() + 3_600_000).toISOString(), goalId: goal.id } });
    expect(hijack.status).toBe(404);
    expect((await api<{ title: string }>('GET', `/v1/goals/${goal.id}`, { token: bob.token })).body.title).toBe('Bob’s goal');
  });

  it('should open a CHECK_IN conversation when a commitment falls due, shown on /v1/events, and count it once completed', async () => {
    const { api } = system;
    const token = alice.token;
    expect((await api('PUT', '/v1/check-in-settings', { token, body: { timeZone: 'Europe/Paris' } })).status).toBe(200);
    const stream = await openEventStream(system.gatewayUrl, token);
    try {
      const { body: commitment } = await api<{ id: string }>('POST', '/v1/commitments', { token, body: { title: 'Ten push-ups', dueAt: new Date(Date.now() + 1_500).toISOString() } });
      const checkIn = await expectEventually(
        () => {
          const messages = stream.events
            .filter((event) => event.type === 'chat.message.created')
            .map((event) => (event.data as { message: { content: string; conversationId: string; role: string } }).message);
          const found = messages.find((message) => message.content.includes('"Ten push-ups"'));
          expect(found).toBeDefined();
          return found!;
        },
        { timeoutMs: 20_000 },
      );
      expect(checkIn.role).toBe('COACH');
      const conversations = (await api<{ items: Array<{ id: string; sessionType: string }> }>('GET', '/v1/chat/conversations', { token })).body.items;
      expect(conversations).toEqual([expect.objectContaining({ id: checkIn.conversationId, sessionType: 'CHECK_IN' })]);
      expect((await api<{ status: string }>('GET', '/v1/commitments', { token })).body).toMatchObject({ items: [{ id: commitment.id, status: 'PENDING' }] });

      expect((await api<{ status: string }>('POST', `/v1/commitments/${commitment.id}/complete`, { token, body: {} })).body.status).toBe('COMPLETED');
      expect((await api('POST', `/v1/commitments/${commitment.id}/skip`, { token, body: {} })).status).toBe(409);
      expect((await api('POST', '/v1/energy', { token, body: { level: 7 } })).status).toBe(201);
      const metrics = (await api<{ consistency: { last7: { completed: number; rate: number }; currentStreak: number }; energy: { latest: number } }>('GET', '/v1/metrics', { token })).body;
      expect(metrics).toMatchObject({ consistency: { last7: { completed: 1, rate: 1 }, currentStreak: 1 }, energy: { latest: 7 } });
      await expectEventually(() => expect(stream.events.map((event) => event.type)).toEqual(expect.arrayContaining(['progress.commitment.changed', 'progress.energy.logged'])));
    } finally {
      await stream.close();
    }
  }, 60_000);
});
