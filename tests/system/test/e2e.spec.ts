import { expectEventually, newAccount } from '@tandem/testing';

import { startSystem, type System } from './system';

interface AuthBody {
  user: { id: string; email: string };
  token: string;
}

/** Every service as a separate OS process, driven only over the gateway's HTTP API. */
describe('gateway end to end', () => {
  let system: System;
  let api: System['api'];

  beforeAll(async () => {
    system = await startSystem({ SERVICE_TIMEOUT_MS: '1000' });
    api = system.api;
  }, 90_000);

  afterAll(() => system?.stop());

  it('should register, log in, read and change the profile, log out, and delete the account across services', async () => {
    const account = newAccount();
    const registered = await api<AuthBody>('POST', '/v1/auth/register', { body: account });
    expect(registered.status).toBe(201);

    // coach-state creates the user's state from user.registered, and the gateway reads it by request/reply.
    await expectEventually(async () => expect(await api('GET', '/v1/coach-state', { token: registered.body.token })).toMatchObject({ status: 200, body: { currentPhase: 'GET_TO_KNOW_YOU' } }));

    const login = await api<AuthBody>('POST', '/v1/auth/login', { body: { email: account.email, password: account.password } });
    expect(login.status).toBe(200);
    const token = login.body.token;
    expect(await api('PATCH', '/v1/me', { token, body: { lastName: 'Byron' } })).toMatchObject({ status: 200, body: { lastName: 'Byron' } });
    expect((await api('POST', '/v1/auth/logout', { token: registered.body.token })).status).toBe(204);
    expect((await api('GET', '/v1/me', { token: registered.body.token })).status).toBe(401);

    expect((await api('DELETE', '/v1/me', { token, body: { password: account.password } })).status).toBe(202);
    // Every other service, each its own process, erases and confirms; then the gateway erases the account.
    let last: unknown;
    await expectEventually(
      async () => {
        const status = await api<{ services: Array<{ service: string; confirmedAt: string | null }> }>('GET', '/v1/me/erasure', { token });
        last = status.body;
        expect(status.status).toBe(401); // the account, and so the token, is gone
      },
      { timeoutMs: 15_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last erasure status: ${JSON.stringify(last)}`);
    });
    expect((await api('POST', '/v1/auth/login', { body: { email: account.email, password: account.password } })).status).toBe(401);
  });

  it('should keep passwords and tokens out of the logs', async () => {
    const account = newAccount({ password: 'a-very-recognisable-secret' });
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: account });
    await api('GET', '/v1/me', { token: body.token });

    expect(system.apps.gateway.output()).toContain('"url":"/v1/me"');
    expect(system.apps.gateway.output()).not.toContain(account.password);
    expect(system.apps.gateway.output()).not.toContain(body.token);
  });

  it('should answer 503 with a clear message when a service is down, and the service should stop cleanly', async () => {
    const { body } = await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() });
    const coachState = system.apps['coach-state'];
    await coachState.stop('SIGTERM');
    expect(coachState.child.exitCode === 0 || coachState.child.signalCode === 'SIGTERM').toBe(true);
    expect(coachState.output()).not.toMatch(/Unhandled|"level":50/);

    const started = Date.now();
    const response = await api('GET', '/v1/coach-state', { token: body.token });
    expect(response).toMatchObject({ status: 503, body: { status: 503, detail: expect.stringMatching(/did not answer in time/) } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
