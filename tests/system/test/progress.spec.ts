import { expectEventually, newAccount } from '@tandem/testing';

import { startSystem, type System } from './system';

interface AuthBody {
  user: { id: string };
  token: string;
}
interface SseEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Reads GET /v1/events into `events` until stopped. */
async function listen(baseUrl: string, token: string): Promise<{ events: SseEvent[]; stop(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  const events: SseEvent[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // stopped
    }
  })();
  return { events, stop: () => controller.abort() };
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
    const stream = await listen(system.gatewayUrl, token);
    try {
      const { body: commitment } = await api<{ id: string }>('POST', '/v1/commitments', { token, body: { title: 'Ten push-ups', dueAt: new Date(Date.now() + 1_500).toISOString() } });
      const checkIn = await expectEventually(
        () => {
          const found = stream.events.find((event) => event.type === 'chat.message.created' && (event.data.message as { content: string }).content.includes('"Ten push-ups"'));
          expect(found).toBeDefined();
          return found!.data.message as { conversationId: string; role: string };
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
      stream.stop();
    }
  }, 60_000);
});
