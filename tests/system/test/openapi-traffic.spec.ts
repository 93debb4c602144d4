import { randomUUID } from 'node:crypto';

import { expectEventually, newAccount } from '@tandem/testing';

import { OpenApiValidator, type Exchange } from './openapi-validator';
import { startSystem, type System } from './system';

interface AuthBody {
  user: { id: string };
  token: string;
}
type Call = { token?: string; body?: unknown; headers?: Record<string, string>; events?: (events: Exchange['events']) => boolean };

/**
 * Real traffic through the gateway, every request and response checked against docs/openapi.json
 * (what a validating proxy in front of the gateway would do): a user's main routes, the streams,
 * the errors, and an admin's routes. Nothing may depart from the document.
 */
describe('the OpenAPI document against real traffic', () => {
  let system: System;
  const validator = new OpenApiValidator();
  const exchanges: Exchange[] = [];

  /** A request through the gateway, recorded; an event stream is read until `events` says enough. */
  async function call<T = Record<string, unknown>>(method: string, url: string, { token, body, headers = {}, events: enough }: Call = {}): Promise<{ status: number; body: T }> {
    const sent = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers };
    const abort = new AbortController();
    const response = await fetch(`${system.gatewayUrl}${url}`, { method, headers: sent, body: body !== undefined ? JSON.stringify(body) : undefined, signal: abort.signal });
    const contentType = response.headers.get('content-type');
    const exchange: Exchange = { method, url, headers: sent, body, status: response.status, contentType };
    if (contentType?.startsWith('text/event-stream')) {
      exchange.events = await readEvents(response, abort, enough ?? (() => false));
    } else {
      const text = await response.text();
      exchange.response = text ? JSON.parse(text) : undefined;
    }
    exchanges.push(exchange);
    return { status: response.status, body: (exchange.response ?? exchange.events) as T };
  }

  beforeAll(async () => {
    system = await startSystem({ SSE_HEARTBEAT_MS: '300', RATE_LIMIT_AUTH_PER_MINUTE: '1000' });
  });
  afterAll(() => system?.stop());

  it("should find nothing that departs from the document in a user's and an admin's requests", async () => {
    // Accounts, and the errors of the public routes.
    const account = newAccount();
    const { body: ada } = await call<AuthBody>('POST', '/v1/auth/register', { body: account });
    expect((await call('POST', '/v1/auth/register', { body: account })).status).toBe(409);
    expect((await call('POST', '/v1/auth/register', { body: { ...newAccount(), email: 'not-an-email' } })).status).toBe(400);
    expect((await call('POST', '/v1/auth/login', { body: { email: account.email, password: 'wrong password!' } })).status).toBe(401);
    const { token } = (await call<AuthBody>('POST', '/v1/auth/login', { body: { email: account.email, password: account.password } })).body;
    expect((await call('GET', '/v1/me')).status).toBe(401);
    await call('GET', '/v1/me', { token });
    await call('PATCH', '/v1/me', { token, body: { firstName: 'Ada' } });
    await expectEventually(async () => expect((await call('GET', '/v1/coach-state', { token })).status).toBe(200));

    // Chat: the 202, the streamed 200, the lists with their cursors.
    expect((await call('POST', '/v1/chat/messages', { token, body: { content: 'Hello coach, I want to lead my team calmly.' }, headers: { 'idempotency-key': randomUUID() } })).status).toBe(202);
    const streamed = await call('POST', '/v1/chat/messages', { token, body: { content: 'I get anxious before big meetings.' }, headers: { accept: 'text/event-stream' } });
    expect(streamed.status).toBe(200);
    await call('GET', '/v1/chat/messages?limit=5', { token });
    await call('GET', '/v1/chat/messages?q=meetings', { token });
    const conversations = await call<{ items: Array<{ id: string }> }>('GET', '/v1/chat/conversations', { token });
    await call('POST', `/v1/chat/conversations/${conversations.body.items[0]!.id}/end`, { token });
    await call('POST', `/v1/chat/conversations/${conversations.body.items[0]!.id}/end`, { token }); // 409

    // Identities: create, edit, accept (twice: 409), history, a point in time before it existed (404), bad input (400).
    const identity = await call<{ id: string }>('POST', '/v1/identities', { token, body: { category: 'CAREER', name: 'The Calm Leader' } });
    expect(identity.status).toBe(201);
    await call('PATCH', `/v1/identities/${identity.body.id}`, { token, body: { affirmation: 'I lead with calm.' } });
    await call('POST', `/v1/identities/${identity.body.id}/accept`, { token });
    expect((await call('POST', `/v1/identities/${identity.body.id}/accept`, { token })).status).toBe(409);
    await call('GET', `/v1/identities/${identity.body.id}/history`, { token });
    await call('GET', `/v1/identities/${identity.body.id}?asOf=2020-01-01T00:00:00Z`, { token });
    await call('GET', '/v1/identities?state=ACCEPTED&includeArchived=false', { token });
    expect((await call('GET', `/v1/identities/${randomUUID()}`, { token })).status).toBe(404);
    expect((await call('POST', '/v1/identities', { token, body: { category: 'CAREER' } })).status).toBe(400);

    // Team profile with nulls, memory, progress.
    expect((await call('PUT', '/v1/profile', { token, body: { company: null, strengths: null, expertiseAreas: ['User Research'] } })).status).toBe(200);
    await call('GET', '/v1/profile', { token });
    await call('GET', '/v1/notes?includeHistory=true', { token });
    await call('GET', '/v1/memory/settings', { token });
    await call('PUT', '/v1/memory/settings', { token, body: { keepHealth: true, keepEmotions: false } });
    await call('GET', '/v1/memory/search?q=meetings', { token });
    await call('GET', '/v1/emotions?from=2026-01-01T00:00:00Z', { token });
    const goal = await call<{ id: string }>('POST', '/v1/goals', { token, body: { title: 'Run a 10 km race' } });
    await call('GET', `/v1/goals/${goal.body.id}`, { token });
    await call('POST', '/v1/energy', { token, body: { level: 7 } });
    await call('GET', '/v1/energy?days=7', { token });
    await call('PUT', '/v1/check-in-settings', { token, body: { timeZone: 'Europe/Paris' } });
    await call('GET', '/v1/metrics', { token });
    const commitment = await call<{ id: string }>('POST', '/v1/commitments', { token, body: { title: 'Walk', dueAt: new Date(Date.now() + 3_600_000).toISOString(), goalId: goal.body.id } });
    await call('POST', `/v1/commitments/${commitment.body.id}/complete`, { token, body: { note: 'Easy' } });
    await call('GET', '/v1/commitments?status=COMPLETED', { token });
    await call('PATCH', `/v1/goals/${goal.body.id}`, { token, body: { title: 'Run a half marathon' } });
    const report = await call<{ id: string }>('POST', '/v1/reports', { token, body: { type: 'SEVEN_DAY' } });
    await call('GET', `/v1/reports/${report.body.id}`, { token });
    await call('GET', '/v1/reports?limit=5', { token });
    await call('GET', '/v1/insights', { token });

    // An organisation: found it, invite a colleague, who joins; suggestions, requests and blocks.
    const colleague = (await call<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
    expect((await call('POST', '/v1/organisations', { token, body: { name: `Org ${randomUUID()}` } })).status).toBe(201);
    const invitation = await call<{ token: string }>('POST', '/v1/organisations/mine/invitations', { token, body: {} });
    expect((await call('POST', '/v1/organisations/join', { token: colleague.token, body: { invitation: invitation.body.token } })).status).toBe(200);
    await call('GET', '/v1/organisations/mine', { token });
    await call('GET', '/v1/organisations/mine/domains', { token });
    await call('GET', '/v1/organisations/mine/analytics', { token });
    await call('POST', '/v1/connections/suggestions', { token, body: { context: 'user research for a new onboarding flow' } });
    await call('GET', '/v1/connections/suggestions', { token });
    await call('GET', '/v1/connections/incoming', { token });
    expect((await call('POST', '/v1/connections/blocks', { token, body: { userId: colleague.user.id } })).status).toBe(201);
    await call('GET', '/v1/connections/blocks', { token });
    expect((await call('DELETE', `/v1/connections/blocks/${colleague.user.id}`, { token })).status).toBe(204);

    // The live stream, replayed from the start: durable events, tokens and heartbeats.
    const live = await call('GET', '/v1/events', { token, headers: { 'last-event-id': '0' }, events: (events) => (events ?? []).some((event) => event.type === 'heartbeat') });
    expect(live.status).toBe(200);

    // An admin's routes, and a user on one (403).
    expect((await call('GET', '/v1/admin/prompts', { token })).status).toBe(403);
    const adminAccount = newAccount();
    const admin = (await call<AuthBody>('POST', '/v1/auth/register', { body: adminAccount })).body.token;
    await system.admin('grant', adminAccount.email);
    await call('GET', '/v1/admin/prompts?coachingPhase=GET_TO_KNOW_YOU', { token: admin });
    await call('GET', '/v1/admin/knowledge?q=goals&limit=3', { token: admin });
    await call('GET', '/v1/admin/test-scenarios', { token: admin });

    // Erasure, and the record after.
    expect((await call('DELETE', '/v1/me', { token, body: { password: account.password } })).status).toBe(202);
    await call('GET', '/v1/me/erasure', { token });
    expect(ada.user.id).toBeDefined();

    const problems = exchanges.flatMap((exchange) => validator.check(exchange));
    expect(problems).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(40);
  });

  it('should report a response that breaks the document (the check itself works)', () => {
    const exchange: Exchange = { method: 'GET', url: '/v1/profile', headers: {}, status: 200, contentType: 'application/json', response: { strengths: 'strong' } };
    expect(validator.check(exchange).length).toBeGreaterThan(0);
    expect(validator.check({ ...exchange, status: 418 })).toEqual(['GET /v1/profile -> 418: status 418 is not documented']);
    const request: Exchange = { method: 'PUT', url: '/v1/profile', headers: {}, body: { strengths: 'strong' }, status: 200, contentType: null };
    expect(validator.check(request)).toEqual(expect.arrayContaining([expect.stringContaining('request body /strengths')]));
  });
});

/** Reads Server-Sent Events until `enough` says so or the stream ends. */
async function readEvents(response: Response, abort: AbortController, enough: (events: Exchange['events']) => boolean): Promise<NonNullable<Exchange['events']>> {
  const events: NonNullable<Exchange['events']> = [];
  let text = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      const blocks = text.split('\n\n');
      text = blocks.pop() ?? '';
      for (const block of blocks.filter((one) => one.trim())) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        events.push({ type: /^event: (.*)$/m.exec(block)?.[1] ?? 'message', data: data ? JSON.parse(data) : undefined });
      }
      if (enough(events)) {
        abort.abort();
        break;
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
  return events;
}
