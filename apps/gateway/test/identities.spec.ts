import { ProposeIdentity, type IdentityView } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { apiClient, newAccount, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

/** The gateway's identity routes against the real identities service (its own process, over NATS). */
describe('gateway identities routes', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({}, 'identities');
    api = apiClient(gateway.url);
  });

  afterAll(() => gateway?.close());

  const register = async () => (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;

  /** The coach proposes an identity (a durable command, as chat sends it); resolves once the user can see it. */
  async function proposed(user: AuthBody, proposal: { category: string; name: string; affirmation?: string }): Promise<IdentityView> {
    await gateway.app.get(MessageBus).transaction(async ({ emit }) => emit(ProposeIdentity, { userId: user.user.id, ...proposal } as never, { userId: user.user.id }));
    return expectEventually(async () => {
      const { body } = await api<{ items: IdentityView[] }>('GET', '/v1/identities', { token: user.token });
      const found = body.items.find((identity) => identity.name === proposal.name);
      expect(found).toBeDefined();
      return found!;
    });
  }

  it('should list, filter, read, edit and accept the caller’s identities', async () => {
    const ada = await register();
    const leader = await proposed(ada, { category: 'CAREER', name: 'The Calm Leader' });
    await proposed(ada, { category: 'HEALTH', name: 'The Early Runner' });

    const career = await api<{ items: IdentityView[] }>('GET', '/v1/identities?category=CAREER', { token: ada.token });
    expect(career.body.items.map((identity) => identity.name)).toEqual(['The Calm Leader']);
    // A page at a time, oldest first: the cursor of one page opens the next; null on the last.
    const first = await api<{ items: IdentityView[]; nextCursor: string | null }>('GET', '/v1/identities?limit=1', { token: ada.token });
    expect(first.body).toEqual({ items: [expect.objectContaining({ name: 'The Calm Leader' })], nextCursor: expect.any(String) });
    const next = await api('GET', `/v1/identities?limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { token: ada.token });
    expect(next.body).toEqual({ items: [expect.objectContaining({ name: 'The Early Runner' })], nextCursor: null });
    expect(await api('GET', '/v1/identities?cursor=nonsense', { token: ada.token })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') } });
    expect((await api('GET', `/v1/identities/${leader.id}`, { token: ada.token })).body).toMatchObject({ id: leader.id, state: 'PROPOSED' });

    const edited = await api('PATCH', `/v1/identities/${leader.id}`, { token: ada.token, body: { affirmation: '  I lead my team with calm.  ' } });
    expect(edited).toMatchObject({ status: 200, body: { affirmation: 'I lead my team with calm.', state: 'PROPOSED' } });
    expect(await api('POST', `/v1/identities/${leader.id}/accept`, { token: ada.token })).toMatchObject({ status: 200, body: { state: 'ACCEPTED' } });
    expect((await api<{ items: IdentityView[] }>('GET', '/v1/identities?state=ACCEPTED', { token: ada.token })).body.items.map((identity) => identity.id)).toEqual([leader.id]);

    // Accepting twice is a refused move, not a silent success.
    // As an RFC 9457 problem whose code is the identities service's own, carried over the bus.
    const twice = await api('POST', `/v1/identities/${leader.id}/accept`, { token: ada.token });
    expect(twice.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(twice).toMatchObject({
      status: 409,
      body: { type: 'urn:tandem:problem:not-proposed', title: 'Conflict', status: 409, code: 'NOT_PROPOSED', detail: expect.stringContaining('ACCEPTED') },
    });
  });

  it('should rank a better full-text match first', async () => {
    const user = await register();
    await proposed(user, { category: 'FAMILY', name: 'The Present Parent', affirmation: 'I am patient at dinner.' });
    await proposed(user, { category: 'RELATIONSHIPS', name: 'The Patient Friend', affirmation: 'I listen with patience and I stay patient.' });
    await proposed(user, { category: 'FINANCES', name: 'The Saver', affirmation: 'I save a tenth of what I earn.' });

    const { status, body } = await api<{ items: IdentityView[] }>('GET', '/v1/identities?q=patient', { token: user.token });
    expect(status).toBe(200);
    expect(body.items.map((identity) => identity.name)).toEqual(['The Patient Friend', 'The Present Parent']);
  });

  it('should answer 404 for another user’s identity on every route, and change nothing', async () => {
    const owner = await register();
    const intruder = await register();
    const identity = await proposed(owner, { category: 'CAREER', name: 'The Owner’s Identity' });

    expect((await api('GET', `/v1/identities/${identity.id}`, { token: intruder.token })).status).toBe(404);
    expect((await api('PATCH', `/v1/identities/${identity.id}`, { token: intruder.token, body: { name: 'Taken' } })).status).toBe(404);
    expect((await api('POST', `/v1/identities/${identity.id}/accept`, { token: intruder.token })).status).toBe(404);
    expect((await api<{ items: unknown[] }>('GET', '/v1/identities', { token: intruder.token })).body.items).toEqual([]);
    expect((await api('GET', `/v1/identities/${identity.id}`, { token: owner.token })).body).toMatchObject({ name: 'The Owner’s Identity', state: 'PROPOSED' });
  });

  it('should refuse bad input with a 400 and a message, and anonymous callers with a 401', async () => {
    const user = await register();
    const identity = await proposed(user, { category: 'SPIRITUALITY', name: 'The Quiet Mind' });
    expect(await api('GET', '/v1/identities?category=HOBBIES', { token: user.token })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('category') } });
    expect((await api('GET', '/v1/identities/not-a-uuid', { token: user.token })).status).toBe(400);
    expect(await api('PATCH', `/v1/identities/${identity.id}`, { token: user.token, body: { state: 'ACCEPTED' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('state') } });
    expect(await api('PATCH', `/v1/identities/${identity.id}`, { token: user.token, body: {} })).toMatchObject({
      status: 400,
      body: { detail: expect.stringMatching(/name, an affirmation or a visualization/) },
    });
    expect((await api('GET', '/v1/identities')).status).toBe(401);
  });

  it('should let the caller create, archive and delete identities, every edit kept as a version', async () => {
    const user = await register();
    const created = await api<IdentityView>('POST', '/v1/identities', { token: user.token, body: { category: 'HEALTH', name: '  The Early Runner  ' } });
    expect(created).toMatchObject({ status: 201, body: { name: 'The Early Runner', state: 'PROPOSED', archived: false } });
    const id = created.body.id;
    await api('PATCH', `/v1/identities/${id}`, { token: user.token, body: { name: 'The Dawn Runner' } });

    const history = await api<{ items: Array<{ version: number; change: string; changedAt: string; identity: IdentityView }> }>('GET', `/v1/identities/${id}/history`, { token: user.token });
    expect(history.body.items.map((version) => [version.version, version.change, version.identity.name])).toEqual([
      [1, 'PROPOSED', 'The Early Runner'],
      [2, 'UPDATED', 'The Dawn Runner'],
    ]);
    const page = await api<{ items: Array<{ version: number }>; nextCursor: string | null }>('GET', `/v1/identities/${id}/history?limit=1`, { token: user.token });
    expect(page.body.items.map((version) => version.version)).toEqual([1]);
    expect((await api('GET', `/v1/identities/${id}/history?limit=1&cursor=${encodeURIComponent(page.body.nextCursor!)}`, { token: user.token })).body).toEqual({
      items: [expect.objectContaining({ version: 2 })],
      nextCursor: null,
    });
    const asOf = encodeURIComponent(history.body.items[0]!.changedAt);
    expect((await api<IdentityView>('GET', `/v1/identities/${id}?asOf=${asOf}`, { token: user.token })).body.name).toBe('The Early Runner');
    expect((await api('GET', `/v1/identities/${id}?asOf=2020-01-01`, { token: user.token })).status).toBe(404);

    expect(await api('POST', `/v1/identities/${id}/archive`, { token: user.token })).toMatchObject({ status: 200, body: { archived: true } });
    expect((await api('POST', `/v1/identities/${id}/archive`, { token: user.token })).status).toBe(409);
    const deleted = await api('DELETE', `/v1/identities/${id}`, { token: user.token });
    expect(deleted.status).toBe(204);
    expect((await api('GET', `/v1/identities/${id}`, { token: user.token })).status).toBe(404);
    expect((await api('GET', `/v1/identities/${id}/history`, { token: user.token })).status).toBe(404);
  });

  it('should answer 404 for another user’s identity on the new routes, and refuse bad input naming the field', async () => {
    const owner = await register();
    const intruder = await register();
    const { body: identity } = await api<IdentityView>('POST', '/v1/identities', { token: owner.token, body: { category: 'CAREER', name: 'The Calm Leader' } });
    for (const [method, path] of [
      ['GET', `/v1/identities/${identity.id}/history`],
      ['GET', `/v1/identities/${identity.id}?asOf=2030-01-01`],
      ['POST', `/v1/identities/${identity.id}/archive`],
      ['DELETE', `/v1/identities/${identity.id}`],
    ] as const)
      expect((await api(method, path, { token: intruder.token })).status).toBe(404);
    expect((await api<IdentityView>('GET', `/v1/identities/${identity.id}`, { token: owner.token })).body).toMatchObject({ archived: false });

    expect(await api('POST', '/v1/identities', { token: owner.token, body: { category: 'HOBBIES', name: 'x' } })).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('category') },
    });
    expect(await api('POST', '/v1/identities', { token: owner.token, body: { category: 'CAREER' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('name') } });
    expect(await api('GET', `/v1/identities/${identity.id}?asOf=someday`, { token: owner.token })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('asOf') } });
    expect((await api('POST', '/v1/identities', { body: { category: 'CAREER', name: 'x' } })).status).toBe(401);
  });
});
