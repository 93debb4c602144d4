import { Client } from 'pg';

import { expectEventually, newAccount, openEventStream } from '@tandem/testing';

import { chatTurn, startSystem, type System } from './system';

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
    const past = await api<{ detail: string }>('POST', '/v1/commitments', { token, body: { title: 'Yesterday', dueAt: new Date(Date.now() - 3_600_000).toISOString() } });
    expect(past.status).toBe(400);
    expect(past.body.detail).toContain('dueAt');
    const noOffset = await api<{ detail: string }>('POST', '/v1/commitments', { token, body: { title: 'Later', dueAt: '2030-01-01T10:00:00' } });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.detail).toContain('dueAt');
    const schedule = await api<{ detail: string }>('POST', '/v1/commitments', { token, body: { title: 'Hourly', dueAt: new Date(Date.now() + 3_600_000).toISOString(), schedule: 'HOURLY' } });
    expect(schedule.status).toBe(400);
    expect(schedule.body.detail).toContain('schedule');
    const energy = await api<{ detail: string }>('POST', '/v1/energy', { token, body: { level: 11 } });
    expect(energy.status).toBe(400);
    expect(energy.body.detail).toContain('level');
    const zone = await api<{ detail: string }>('PUT', '/v1/check-in-settings', { token, body: { timeZone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
    expect(zone.body.detail).toContain('timeZone');

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

  it('should keep a commitment stated in chat, complete it from the user’s follow-through, and report on it', async () => {
    const { api } = system;
    const { body: carol } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    await expectEventually(async () => expect((await api<{ currentPhase: string }>('GET', '/v1/coach-state', { token: carol.token })).body.currentPhase).toBe('GET_TO_KNOW_YOU'));
    type Commitment = { id: string; title: string; schedule: string; status: string; dueAt: string };
    const commitments = async () => (await api<{ items: Commitment[] }>('GET', '/v1/commitments', { token: carol.token })).body.items;

    // Said in the first phase: the offline coach keeps it through progress and confirms it.
    const stated = await chatTurn(system.gatewayUrl, carol.token, 'I will walk 20 minutes every morning');
    expect(stated.status).toBe(200);
    expect(JSON.stringify(stated.events.at(-1)!.data)).toContain('hold you to that');
    const [walk] = await expectEventually(async () => {
      const items = await commitments();
      expect(items).toMatchObject([{ title: 'Walk 20 minutes every morning', schedule: 'DAILY', status: 'SCHEDULED' }]);
      return items;
    });
    const firstDue = walk!.dueAt;
    expect(new Date(firstDue).getUTCHours()).toBe(8); // 08:00 in the user's time zone (UTC until set)
    // Progress announced it: chat's read model lists it to the coach, and the coach's action is settled.
    await expectEventually(async () => {
      const client = new Client({ connectionString: system.db.adminUrl });
      await client.connect();
      try {
        expect((await client.query('select "id" from "chat"."commitment_snapshots" where "user_id" = $1', [carol.user.id])).rows).toEqual([{ id: walk!.id }]);
        expect((await client.query(`select "status" from "chat"."actions" where "user_id" = $1 and "type" = 'create_commitment'`, [carol.user.id])).rows).toEqual([{ status: 'SUCCEEDED' }]);
      } finally {
        await client.end();
      }
    });

    const did = await chatTurn(system.gatewayUrl, carol.token, 'I did my walk this morning');
    expect(did.status).toBe(200);
    expect(JSON.stringify(did.events.at(-1)!.data)).toContain('Well done on');
    // Done ahead of its first morning: a daily commitment moves on to the next one.
    await expectEventually(async () => expect((await commitments())[0]!.dueAt).not.toBe(firstDue));

    const report = await api<{ id: string; summary: string; payload: { commitments: { made: number } } }>('POST', '/v1/reports', { token: carol.token, body: { type: 'TWO_DAY' } });
    expect(report.status).toBe(201);
    expect(report.body.payload.commitments.made).toBe(1);
    expect((await api('GET', `/v1/reports/${report.body.id}`, { token: alice.token })).status).toBe(404);
    const badType = await api<{ detail: string }>('POST', '/v1/reports', { token: carol.token, body: { type: 'MONTHLY' } });
    expect(badType.status).toBe(400);
    expect(badType.body.detail).toContain('type');
    expect((await api<{ items: unknown[] }>('GET', '/v1/insights', { token: carol.token })).status).toBe(200);
    await expectEventually(async () => expect(await count(`select count(*) from "chat"."report_snapshots" where "user_id" = $1`, carol.user.id)).toBe(1));

    // Erasure reaches the reports and chat's copies of progress too.
    expect((await api('DELETE', '/v1/me', { token: carol.token, body: { password: newAccount().password } })).status).toBe(202);
    await expectEventually(async () => expect((await api('GET', '/v1/me/erasure', { token: carol.token })).status).toBe(401), { timeoutMs: 20_000 });
    for (const table of [
      'progress.reports',
      'progress.report_schedules',
      'progress.insights',
      'progress.commitments',
      'chat.commitment_snapshots',
      'chat.report_snapshots',
      'chat.insight_snapshots',
    ]) {
      expect([table, await count(`select count(*) from ${table} where "user_id" = $1`, carol.user.id)]).toEqual([table, 0]);
    }
  });

  async function count(sql: string, userId: string): Promise<number> {
    const client = new Client({ connectionString: system.db.adminUrl });
    await client.connect();
    try {
      return Number((await client.query<{ count: string }>(sql, [userId])).rows[0]!.count);
    } finally {
      await client.end();
    }
  }
});
