import { LOGIN_FREE_FAILURES, RateLimitRepository } from '../src/http/rate-limit.repository';
import { apiClient, newAccount, startGateway, type Gateway } from './support';

/** Limits that hold: per account for logins, in the shared store, whatever the path's spelling. */
describe('gateway login backoff and shared limits', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({ RATE_LIMIT_AUTH_PER_MINUTE: '1000' });
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  it('should make an account wait after repeated wrong passwords, even for the right one, and say how long', async () => {
    const account = newAccount();
    expect((await api('POST', '/v1/auth/register', { body: account })).status).toBe(201);
    const wrong = { email: account.email, password: 'not the password' };
    for (let attempt = 0; attempt <= LOGIN_FREE_FAILURES; attempt++) expect((await api('POST', '/v1/auth/login', { body: wrong })).status).toBe(401);

    const locked = await api<{ detail: string }>('POST', '/v1/auth/login', { body: { email: account.email, password: account.password } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.detail).toMatch(/Too many failed logins/);
    // Another account is not affected.
    const other = newAccount();
    await api('POST', '/v1/auth/register', { body: other });
    expect((await api('POST', '/v1/auth/login', { body: { email: other.email, password: other.password } })).status).toBe(200);
  });

  it('should count a route the same however its path is spelled', async () => {
    const statuses = new Set<number>();
    for (const path of ['/V1/AUTH/LOGIN', '/v1/Auth/login/', '/v1/auth/login']) {
      statuses.add((await api('POST', path, { body: { email: 'nobody@example.com', password: 'whatever it is' } })).status);
    }
    expect(statuses).toEqual(new Set([401]));
    // The three attempts are one account's failures, counted by the same route.
    const [row] = await gateway.app
      .get(RateLimitRepository)
      ['em'].fork()
      .execute<Array<{ failures: number }>>(`select "failures" from "accounts"."login_failures" where "email" = 'nobody@example.com'`);
    expect(row?.failures).toBe(3);
  });

  it('should keep counters in the database, so every replica sees the same', async () => {
    const key = `test:${Date.now()}`;
    const repository = gateway.app.get(RateLimitRepository);
    await repository.increment(key, 60_000, 2);
    await repository.increment(key, 60_000, 2);
    // A second store (another replica's) continues the same count.
    const another = new RateLimitRepository(repository['em']);
    expect(await another.increment(key, 60_000, 2)).toMatchObject({ totalHits: 3, isBlocked: true });
  });
});
