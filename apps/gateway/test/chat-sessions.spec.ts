import { adminSql, expectEventually } from '@tandem/testing';

import { apiClient, newAccount, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

interface Conversation {
  id: string;
  sessionType: string;
  endedAt: string | null;
  summary: string | null;
  feedback?: { rating: number; comment: string | null; givenAt: string } | null;
}

/** The gateway's session routes (document 003) against the real chat service (its own process, the offline coach). */
describe('gateway chat session routes', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({ SERVICE_TIMEOUT_MS: '10000' }, 'chat');
    api = apiClient(gateway.url);
  });

  afterAll(() => gateway?.close());

  const register = async () => (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;

  it('should start a conversation of a session type, and refuse an unknown one naming the field', async () => {
    const user = await register();

    const started = await api<Conversation>('POST', '/v1/chat/conversations', { token: user.token, body: { sessionType: 'TEAM_CONNECTION' } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ sessionType: 'TEAM_CONNECTION', endedAt: null });

    const unknown = await api<{ message: unknown }>('POST', '/v1/chat/conversations', { token: user.token, body: { sessionType: 'THERAPY' } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('sessionType');
    const listed = await api<{ items: Conversation[] }>('GET', '/v1/chat/conversations', { token: user.token });
    expect(listed.body.items.map(({ id, sessionType }) => ({ id, sessionType }))).toEqual([{ id: started.body.id, sessionType: 'TEAM_CONNECTION' }]);
  });

  it("should send the account's first name with the message that opens a conversation, for the coach to call the user by", async () => {
    const user = await register();
    expect((await api('POST', '/v1/chat/messages', { token: user.token, body: { content: 'Hello, coach.' } })).status).toBe(202);

    const sql = adminSql(gateway.db);
    await expectEventually(async () => expect(await sql('select account_name from chat.user_profiles where user_id = $1', [user.user.id])).toEqual([{ account_name: 'Ada' }]));
  });

  it("should keep the owner's satisfaction with a conversation, 404 for anyone else, 400 naming a bad rating", async () => {
    const [owner, stranger] = [await register(), await register()];
    const { conversationId } = (await api<{ conversationId: string }>('POST', '/v1/chat/messages', { token: owner.token, body: { content: 'I want to plan my next quarter.' } })).body;

    const rated = await api<Conversation>('PUT', `/v1/chat/conversations/${conversationId}/feedback`, { token: owner.token, body: { rating: 5, comment: 'Very helpful' } });
    expect(rated.status).toBe(200);
    expect(rated.body.feedback).toEqual({ rating: 5, comment: 'Very helpful', givenAt: expect.any(String) });

    expect((await api('PUT', `/v1/chat/conversations/${conversationId}/feedback`, { token: stranger.token, body: { rating: 1 } })).status).toBe(404);
    const bad = await api('PUT', `/v1/chat/conversations/${conversationId}/feedback`, { token: owner.token, body: { rating: 9 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('rating');
    expect((await api('PUT', '/v1/chat/conversations/not-a-uuid/feedback', { token: owner.token, body: { rating: 3 } })).status).toBe(400);
    expect((await api('PUT', `/v1/chat/conversations/${conversationId}/feedback`, { body: { rating: 3 } })).status).toBe(401);
  });

  it("should give a coach message's actions with it, and list actions by type", async () => {
    const user = await register();
    await api('POST', '/v1/chat/messages', { token: user.token, body: { content: 'Hello coach, I teach maths at a secondary school.' } });

    const coach = await expectEventually(async () => {
      const { body } = await api<{ items: Array<{ role: string; actions?: unknown[] }> }>('GET', '/v1/chat/messages', { token: user.token });
      const reply = body.items.find((message) => message.role === 'COACH');
      expect(reply).toBeDefined();
      return reply!;
    });
    expect(coach.actions).toEqual(expect.any(Array));

    const listed = await api<{ items: unknown[]; nextCursor: string | null }>('GET', '/v1/chat/actions?type=log_energy', { token: user.token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [], nextCursor: null });
    const bad = await api('GET', '/v1/chat/actions?type=fly', { token: user.token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('type');
  });
});
