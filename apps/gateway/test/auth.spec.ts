import { Client } from 'pg';

import { apiClient, newAccount, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string; email: string; isAdmin: boolean; username: string | null };
  token: string;
  expiresAt: string;
}

async function sql(url: string, text: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

describe('gateway accounts', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway();
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  it('should register an account, return a token, and store only a hash of password and token', async () => {
    const account = newAccount();
    const { status, body } = await api<AuthBody>('POST', '/v1/auth/register', { body: account });

    expect(status).toBe(201);
    expect(body.user).toMatchObject({ email: account.email, username: account.username, isAdmin: false });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const { rows } = await sql(gateway.db.adminUrl, 'select u.password_hash, s.token_hash from accounts.users u join accounts.sessions s on s.user_id = u.id where u.id = $1', [body.user.id]);
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain(account.password);
    expect(rows[0].token_hash).not.toBe(body.token);
  });

  it('should publish user.registered through the outbox in the registration transaction', async () => {
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    const { rows } = await sql(gateway.db.adminUrl, "select subject, envelope, published_at from accounts.outbox where envelope->>'userId' = $1", [body.user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].subject).toBe('evt.user.registered.v1');
    // The id only: the event outlives an erasure on the stream.
    expect(rows[0].envelope.payload).toEqual({ userId: body.user.id });
  });

  it('should refuse a duplicate email, whatever its case, with 409', async () => {
    const account = newAccount();
    await api('POST', '/v1/auth/register', { body: account });
    const { status, body } = await api('POST', '/v1/auth/register', { body: newAccount({ email: account.email.toUpperCase() }) });
    expect(status).toBe(409);
    expect(body).toMatchObject({ status: 409, detail: 'An account with that email already exists', instance: '/v1/auth/register' });
  });

  it('should refuse an invalid email with a 400 naming the field, and so should the database', async () => {
    const { status, body } = await api('POST', '/v1/auth/register', { body: newAccount({ email: 'not-an-email' }) });
    expect(status).toBe(400);
    expect(body.detail).toMatch(/email must be a valid email address/);

    const insert = sql(gateway.db.adminUrl, "insert into accounts.users (id, email, password_hash) values (gen_random_uuid(), 'no-at-sign', 'x')");
    await expect(insert).rejects.toMatchObject({ code: '23514', constraint: 'users_email_check' });
  });

  it('should refuse fields the caller may not set (no mass assignment)', async () => {
    const register = await api('POST', '/v1/auth/register', { body: { ...newAccount(), isAdmin: true } });
    expect(register.status).toBe(400);
    expect(register.body.detail).toMatch(/property isAdmin should not exist/);

    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    const patch = await api('PATCH', '/v1/me', { token: body.token, body: { firstName: 'Grace', isAdmin: true } });
    expect(patch.status).toBe(400);
    const me = await api('GET', '/v1/me', { token: body.token });
    expect(me.body).toMatchObject({ firstName: 'Ada', isAdmin: false });
  });

  it('should update names and username through PATCH /v1/me', async () => {
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    const patch = await api('PATCH', '/v1/me', { token: body.token, body: { firstName: 'Grace', lastName: 'Hopper' } });
    expect(patch).toMatchObject({ status: 200, body: { firstName: 'Grace', lastName: 'Hopper', email: body.user.email } });
  });

  it('should log in with the right password only', async () => {
    const account = newAccount();
    await api('POST', '/v1/auth/register', { body: account });

    const wrong = await api('POST', '/v1/auth/login', { body: { email: account.email, password: 'wrong password!' } });
    expect(wrong).toMatchObject({ status: 401, body: { detail: 'Wrong email or password' } });
    const unknown = await api('POST', '/v1/auth/login', { body: { email: 'nobody@example.com', password: 'whatever12345' } });
    expect(unknown).toMatchObject({ status: 401, body: { detail: 'Wrong email or password' } });

    const login = await api<AuthBody>('POST', '/v1/auth/login', { body: { email: account.email, password: account.password } });
    expect(login.status).toBe(200);
    const me = await api('GET', '/v1/me', { token: login.body.token });
    expect(me).toMatchObject({ status: 200, body: { email: account.email } });
  });

  it('should refuse a token after logout', async () => {
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    expect((await api('POST', '/v1/auth/logout', { token: body.token })).status).toBe(204);
    const me = await api('GET', '/v1/me', { token: body.token });
    expect(me).toMatchObject({ status: 401, body: { detail: 'The token is invalid or has expired' } });
  });

  it('should refuse an expired token', async () => {
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    expect((await api('GET', '/v1/me', { token: body.token })).status).toBe(200);
    await sql(gateway.db.adminUrl, "update accounts.sessions set expires_at = now() - interval '1 second' where user_id = $1", [body.user.id]);
    expect((await api('GET', '/v1/me', { token: body.token })).status).toBe(401);
  });

  it('should demand a token everywhere but the public routes, and answer unknown routes with 404 in the same shape', async () => {
    expect(await api('GET', '/v1/me')).toMatchObject({ status: 401, body: { status: 401, detail: 'A bearer token is required' } });
    expect(await api('GET', '/v1/me', { token: 'made-up' })).toMatchObject({ status: 401 });
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    expect(await api('GET', '/v1/nowhere', { token: body.token })).toMatchObject({ status: 404, body: { status: 404, instance: '/v1/nowhere' } });
  });

  it('should set security headers', async () => {
    const { headers } = await api('GET', '/health/live');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-powered-by')).toBeNull();
  });

  it('should describe every route with its request and response schemas in the OpenAPI document', async () => {
    const { status, body } = await api<{ paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, { content?: unknown }> }>> }>('GET', '/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths).sort()).toEqual(expect.arrayContaining(['/v1/auth/register', '/v1/auth/login', '/v1/auth/logout', '/v1/me', '/v1/me/erasure', '/v1/events']));
    expect(body.paths['/v1/auth/register']!.post!.requestBody).toBeDefined();
    expect(body.paths['/v1/auth/register']!.post!.responses['201']!.content).toBeDefined();
    expect(body.paths['/v1/me']!.patch!.requestBody).toBeDefined();
    expect(body.paths['/v1/me']!.get!.responses['200']!.content).toBeDefined();
  });
});
