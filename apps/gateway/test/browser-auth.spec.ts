import { expectEventually } from '@tandem/testing';

import { apiClient, newAccount, startGateway, type Gateway } from './support';

interface BrowserSession {
  user: { id: string; email: string };
  csrfToken: string;
  token?: string;
}

/** Browsers: an httpOnly SameSite=Strict session cookie with a CSRF header, and single-use stream tickets for EventSource. */
describe('gateway browser authentication', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({ STREAM_TICKET_TTL_SECONDS: '2', RATE_LIMIT_AUTH_PER_MINUTE: '1000' });
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  /** Registers through the browser route; returns the cookie as a browser would send it back. */
  const browserRegister = async () => {
    const account = newAccount();
    const response = await fetch(`${gateway.url}/v1/auth/browser/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
    expect(response.status).toBe(201);
    const setCookie = response.headers.get('set-cookie') ?? '';
    const body = (await response.json()) as BrowserSession;
    return { account, setCookie, cookie: setCookie.split(';')[0]!, body };
  };
  const withCookie = (cookie: string, csrf?: string) => ({ cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) });

  it('should log in with an httpOnly SameSite=Strict cookie, and hand the page no token', async () => {
    const { account, setCookie, cookie, body } = await browserRegister();
    expect(setCookie).toMatch(/^tandem_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(body.token).toBeUndefined();
    expect(body.user.email).toBe(account.email);
    expect(body.csrfToken).toEqual(expect.any(String));

    const me = await api<{ id: string }>('GET', '/v1/me', { headers: withCookie(cookie) });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(body.user.id);

    const login = await fetch(`${gateway.url}/v1/auth/browser/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    expect(login.status).toBe(200);
    const second = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(second).not.toBe(cookie);
    const session = await api<BrowserSession>('GET', '/v1/auth/browser/session', { headers: withCookie(second) });
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(((await login.json()) as BrowserSession).csrfToken);
    expect((await api('GET', '/v1/auth/browser/session')).status).toBe(401);
  });

  it('should refuse an unsafe request made with the cookie but without its CSRF token', async () => {
    const { cookie, body } = await browserRegister();
    expect((await api('PATCH', '/v1/me', { body: { firstName: 'Eve' }, headers: withCookie(cookie) })).status).toBe(403);
    expect((await api('PATCH', '/v1/me', { body: { firstName: 'Eve' }, headers: withCookie(cookie, 'a'.repeat(43)) })).status).toBe(403);
    const other = await browserRegister();
    expect((await api('PATCH', '/v1/me', { body: { firstName: 'Eve' }, headers: withCookie(cookie, other.body.csrfToken) })).status).toBe(403);
    expect((await api<{ firstName: string }>('GET', '/v1/me', { headers: withCookie(cookie) })).body.firstName).toBe('Ada');

    const patched = await api<{ firstName: string }>('PATCH', '/v1/me', { body: { firstName: 'Grace' }, headers: withCookie(cookie, body.csrfToken) });
    expect(patched.status).toBe(200);
    expect(patched.body.firstName).toBe('Grace');
  });

  it('should keep bearer tokens working for API clients, without a CSRF token', async () => {
    const { body } = await api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() });
    expect((await api('PATCH', '/v1/me', { token: body.token, body: { firstName: 'Bea' } })).status).toBe(200);
  });

  it('should refuse a browser login that is not JSON (a cross-site form)', async () => {
    const { account } = await browserRegister();
    const form = await fetch(`${gateway.url}/v1/auth/browser/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: account.email, password: account.password }).toString(),
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('set-cookie')).toBeNull();
  });

  it('should revoke the session and clear the cookie at logout', async () => {
    const { cookie, body } = await browserRegister();
    expect((await api('POST', '/v1/auth/browser/logout', { headers: withCookie(cookie) })).status).toBe(403);
    const logout = await api('POST', '/v1/auth/browser/logout', { headers: withCookie(cookie, body.csrfToken) });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/^tandem_session=; .*Max-Age=0/);
    expect((await api('GET', '/v1/me', { headers: withCookie(cookie) })).status).toBe(401);
  });

  it('should open one event stream per ticket, only before it expires, only for this route', async () => {
    const { cookie, body } = await browserRegister();
    expect((await api('POST', '/v1/auth/stream-tickets', { headers: withCookie(cookie) })).status).toBe(403);
    const issued = await api<{ ticket: string; expiresAt: string }>('POST', '/v1/auth/stream-tickets', { headers: withCookie(cookie, body.csrfToken) });
    expect(issued.status).toBe(201);
    const { ticket } = issued.body;

    expect((await api('GET', `/v1/me?ticket=${ticket}`)).status).toBe(401); // a ticket opens streams, nothing else
    const controller = new AbortController();
    const stream = await fetch(`${gateway.url}/v1/events?ticket=${ticket}`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();

    const again = await fetch(`${gateway.url}/v1/events?ticket=${ticket}`, { headers: { accept: 'text/event-stream' } });
    expect(again.status).toBe(401);
    expect((await fetch(`${gateway.url}/v1/events?ticket=not-a-ticket`, { headers: { accept: 'text/event-stream' } })).status).toBe(401);

    const late = await api<{ ticket: string; expiresAt: string }>('POST', '/v1/auth/stream-tickets', { headers: withCookie(cookie, body.csrfToken) });
    await expectEventually(() => expect(Date.now()).toBeGreaterThan(Date.parse(late.body.expiresAt)), { timeoutMs: 5_000 });
    expect((await fetch(`${gateway.url}/v1/events?ticket=${late.body.ticket}`, { headers: { accept: 'text/event-stream' } })).status).toBe(401);
  });

  it('should refuse a ticket whose session has ended, and issue tickets to bearer clients', async () => {
    const { body } = await api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() });
    const issued = await api<{ ticket: string }>('POST', '/v1/auth/stream-tickets', { token: body.token });
    expect(issued.status).toBe(201);
    expect((await api('POST', '/v1/auth/logout', { token: body.token })).status).toBe(204);
    expect((await fetch(`${gateway.url}/v1/events?ticket=${issued.body.ticket}`, { headers: { accept: 'text/event-stream' } })).status).toBe(401);
  });
});
