import { apiClient, newAccount, openEventStream, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

/** Sessions a person controls: change the password, log out everywhere, streams that end with their session. */
describe('gateway sessions', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({ SSE_HEARTBEAT_MS: '200', SSE_MAX_STREAMS_PER_USER: '2', RATE_LIMIT_AUTH_PER_MINUTE: '1000' });
    api = apiClient(gateway.url);
  });
  afterAll(() => gateway?.close());

  const registered = async () => {
    const account = newAccount();
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: account });
    return { account, ...body };
  };
  const login = async (email: string, password: string) => (await api<AuthBody>('POST', '/v1/auth/login', { body: { email, password } })).body.token;
  const ended = (stream: Awaited<ReturnType<typeof openEventStream>>) => stream.done;

  it('should change the password only with the current one, and end every other session', async () => {
    const ada = await registered();
    const laptop = await login(ada.account.email, ada.account.password);
    const stream = await openEventStream(gateway.url, laptop);

    expect((await api('POST', '/v1/auth/password', { token: ada.token, body: { currentPassword: 'not the password', newPassword: 'a brand new passphrase' } })).status).toBe(401);
    expect((await api('POST', '/v1/auth/password', { token: ada.token, body: { currentPassword: ada.account.password, newPassword: 'a brand new passphrase' } })).status).toBe(204);

    expect((await api('GET', '/v1/me', { token: ada.token })).status).toBe(200);
    expect((await api('GET', '/v1/me', { token: laptop })).status).toBe(401);
    await ended(stream); // the laptop's open stream closed with its session
    expect((await api('POST', '/v1/auth/login', { body: { email: ada.account.email, password: ada.account.password } })).status).toBe(401);
    expect(await login(ada.account.email, 'a brand new passphrase')).toEqual(expect.any(String));
  });

  it('should log out everywhere and close every open stream', async () => {
    const bob = await registered();
    const phone = await login(bob.account.email, bob.account.password);
    const streams = await Promise.all([openEventStream(gateway.url, bob.token), openEventStream(gateway.url, phone)]);

    expect((await api('POST', '/v1/auth/logout-everywhere', { token: phone })).status).toBe(204);
    for (const token of [bob.token, phone]) expect((await api('GET', '/v1/me', { token })).status).toBe(401);
    await Promise.all(streams.map(ended));
  });

  it('should close a stream at logout, and refuse a stream past the per-user limit', async () => {
    const carol = await registered();
    const first = await openEventStream(gateway.url, carol.token);
    await openEventStream(gateway.url, carol.token);
    const third = await fetch(`${gateway.url}/v1/events`, { headers: { authorization: `Bearer ${carol.token}`, accept: 'text/event-stream' } });
    expect(third.status).toBe(429);

    expect((await api('POST', '/v1/auth/logout', { token: carol.token })).status).toBe(204);
    await ended(first);
  });

  it('should erase an account only with its password', async () => {
    const dave = await registered();
    const stream = await openEventStream(gateway.url, dave.token);
    expect((await api('DELETE', '/v1/me', { token: dave.token })).status).toBe(400);
    expect((await api('DELETE', '/v1/me', { token: dave.token, body: { password: 'guessed wrong' } })).status).toBe(401);
    expect((await api('GET', '/v1/me', { token: dave.token })).status).toBe(200);

    expect((await api('DELETE', '/v1/me', { token: dave.token, body: { password: dave.account.password } })).status).toBe(202);
    await ended(stream); // erasure closes the account's streams
  });
});
