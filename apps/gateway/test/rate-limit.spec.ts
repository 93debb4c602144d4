import { AuthService } from '../src/auth/auth.service';
import { apiClient, newAccount, startGateway, type Gateway } from './support';

describe('gateway rate limits', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({ RATE_LIMIT_AUTH_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '5' });
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  it('should answer 429 with Retry-After once an IP exceeds the auth limit', async () => {
    const account = newAccount();
    const statuses: number[] = [];
    // However the path is spelled, it is the same route and the same limit.
    for (const path of ['/v1/auth/login', '/v1/Auth/login/', '/v1/auth/login', '/V1/AUTH/LOGIN'])
      statuses.push((await api('POST', path, { body: { email: account.email, password: 'wrong password!' } })).status);

    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await api('POST', '/v1/auth/login', { body: { email: account.email, password: 'wrong password!' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429 });
  });

  it('should count other routes per user, so one user is limited and another is not', async () => {
    // The auth limit above is spent for this IP: register through the service itself.
    const first = await gateway.app.get(AuthService).register(newAccount());
    const second = await gateway.app.get(AuthService).register(newAccount());

    const statuses: number[] = [];
    for (let call = 0; call < 6; call++) statuses.push((await api('GET', '/v1/me', { token: first.token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await api('GET', '/v1/me', { token: second.token })).status).toBe(200);
  });
});
