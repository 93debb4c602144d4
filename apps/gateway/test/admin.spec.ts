import { MikroORM } from '@mikro-orm/postgresql';

import { runAdminCommand } from '../src/admin-cli';
import { apiClient, newAccount, startGateway, type Gateway } from './support';

/** Who may reach the admin routes; what they do is tested with the chat service (apps/chat). */
describe('gateway admin routes', () => {
  const adminEmail = `admin${Date.now().toString(36)}@example.com`;
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    // No chat service runs here: a request that passes the guard ends as a quick 503.
    gateway = await startGateway({ SERVICE_TIMEOUT_MS: '200' });
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  const tokenOf = async (email?: string) => (await api<{ token: string; user: { isAdmin: boolean } }>('POST', '/v1/auth/register', { body: newAccount(email ? { email } : {}) })).body;

  const admin = (...args: string[]) => runAdminCommand(gateway.app.get(MikroORM), args, 'operator-test');

  it('should make nobody an admin by registering, and let an operator grant and revoke it, recorded', async () => {
    const registered = await tokenOf(adminEmail);
    expect(registered.user.isAdmin).toBe(false);
    expect((await api('GET', '/v1/admin/prompts', { token: registered.token })).status).toBe(403);

    expect(await admin('grant', adminEmail.toUpperCase())).toMatch(new RegExp(`^granted admin to ${adminEmail} \\(recorded at .* by operator-test\\)$`));
    expect((await api('GET', '/v1/admin/prompts', { token: registered.token })).status).toBe(503); // through the guard, to the (absent) service
    await expect(admin('grant', adminEmail)).rejects.toThrow(/is already an admin/);
    await expect(admin('grant', 'nobody-here@example.com')).rejects.toThrow(/No account with the email/);

    const other = await tokenOf();
    await admin('grant', (await api<{ email: string }>('GET', '/v1/me', { token: other.token })).body.email);
    expect(await admin('revoke', (await api<{ email: string }>('GET', '/v1/me', { token: other.token })).body.email)).toMatch(/^revoked admin from/);
    expect((await api('GET', '/v1/admin/prompts', { token: other.token })).status).toBe(403);
    const listed = await admin('list');
    expect(listed).toMatch(new RegExp(`^admins: .*${adminEmail}`));
    expect(listed.split('\n').filter((line) => / (GRANT|REVOKE) /.test(line))).toHaveLength(3);
  });

  it('should refuse other users with a 403 and anonymous callers with a 401, before asking any service', async () => {
    const user = await tokenOf();
    expect(await api('GET', '/v1/admin/prompts', { token: user.token })).toMatchObject({ status: 403, body: { detail: 'This route is for admins' } });
    expect((await api('POST', '/v1/admin/knowledge', { token: user.token, body: { category: 'x', contentType: 'y', title: 't', content: 'c' } })).status).toBe(403);
    expect((await api('GET', '/v1/admin/prompts')).status).toBe(401);
  });

  it('should let an admin through to the service, and validate the body first', async () => {
    const admin = await api<{ token: string }>('POST', '/v1/auth/login', { body: { email: adminEmail, password: newAccount().password } });
    expect(admin.status).toBe(200);
    expect((await api('GET', '/v1/admin/prompts', { token: admin.body.token })).status).toBe(503);
    expect(await api('POST', '/v1/admin/prompts', { token: admin.body.token, body: { coachingPhase: 'NOPE', template: 'short', allowedActions: ['fly'] } })).toMatchObject({ status: 400 });
  });
});

describe('gateway admin routes with chat', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;
  let token: string;

  beforeAll(async () => {
    gateway = await startGateway({ SERVICE_TIMEOUT_MS: '10000' }, 'chat'); // not the 200 ms set above for the absent service
    api = apiClient(gateway.url);
    const account = newAccount();
    await api('POST', '/v1/auth/register', { body: account });
    await runAdminCommand(gateway.app.get(MikroORM), ['grant', account.email], 'operator-test');
    token = (await api<{ token: string }>('POST', '/v1/auth/login', { body: { email: account.email, password: account.password } })).body.token;
  });
  afterAll(() => gateway?.close());

  type Page = { items: Array<{ id: string }>; nextCursor: string | null };
  /** The ids of every item of a list, read `limit` at a time through the gateway. */
  async function walk(path: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page } = await api<Page>('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  }

  it('should page the prompts and the knowledge base, and answer a bad cursor with 400 BAD_CURSOR', async () => {
    const prompts = await api<Page>('GET', '/v1/admin/prompts', { token });
    expect(prompts).toMatchObject({ status: 200, body: { nextCursor: null } });
    expect(await walk('/v1/admin/prompts', 3)).toEqual(prompts.body.items.map((prompt) => prompt.id));
    const knowledge = await api<Page>('GET', '/v1/admin/knowledge?limit=50', { token });
    expect(await walk('/v1/admin/knowledge', 4)).toEqual(knowledge.body.items.map((passage) => passage.id));
    // By meaning: the second page continues the ranking where the first ended.
    const ranked = await api<Page>('GET', '/v1/admin/knowledge?q=habits&limit=6', { token });
    const first = await api<Page>('GET', '/v1/admin/knowledge?q=habits&limit=3', { token });
    const second = await api<Page>('GET', `/v1/admin/knowledge?q=habits&limit=3&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { token });
    expect([...first.body.items, ...second.body.items].map((passage) => passage.id)).toEqual(ranked.body.items.map((passage) => passage.id));
    for (const path of ['/v1/admin/prompts', '/v1/admin/knowledge', '/v1/admin/knowledge?q=habits']) {
      expect(await api('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=nonsense`, { token })).toMatchObject({
        status: 400,
        body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') },
      });
    }
    expect(await api('GET', '/v1/admin/prompts?limit=0', { token })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('limit') } });
  });
});
