import { apiClient, newAccount, startGateway, type Gateway } from './support';

/** Input that once became a 500: each is a 4xx that names what is wrong. */
describe('gateway bad input', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway();
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  it('should refuse an email the bus contracts would refuse, with 400 naming the field', async () => {
    const response = await api<{ detail: string }>('POST', '/v1/auth/register', { body: newAccount({ email: 'josé@example.com' }) });
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/email/);
  });

  it('should refuse a deeply nested JSON body with 400 before validating it', async () => {
    const deep = '{"a":'.repeat(1_500) + '1' + '}'.repeat(1_500);
    const response = await fetch(`${gateway.url}/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/nests deeper than 32 levels/);
  });

  it('should still take an ordinary body', async () => {
    expect((await api('POST', '/v1/auth/register', { body: newAccount() })).status).toBe(201);
  });
});
