import { apiClient, newAccount, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** The gateway's progress routes against the real service (its own process, over NATS). */
describe('gateway progress routes', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;
  let alice: AuthBody;
  let bob: AuthBody;

  beforeAll(async () => {
    gateway = await startGateway({ SERVICE_TIMEOUT_MS: '10000' }, 'progress');
    api = apiClient(gateway.url);
    alice = (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
    bob = (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
  }, 60_000);

  afterAll(() => gateway?.close());

  it('should keep goals and commitments, settle them, and count them in the metrics', async () => {
    const token = alice.token;
    const goal = await api<{ id: string; status: string }>('POST', '/v1/goals', { token, body: { title: 'Run a 10 km race', lifeArea: 'HEALTH', targetDate: '2027-03-01' } });
    expect(goal).toMatchObject({ status: 201, body: { status: 'SCHEDULED' } });
    const commitment = await api<{ id: string; schedule: string }>('POST', '/v1/commitments', { token, body: { title: 'Walk', dueAt: inMinutes(30), schedule: 'WEEKDAYS', goalId: goal.body.id } });
    expect(commitment).toMatchObject({ status: 201, body: { schedule: 'WEEKDAYS' } });
    const done = await api<{ status: string }>('POST', `/v1/commitments/${commitment.body.id}/complete`, { token, body: { note: 'Easy' } });
    expect(done).toMatchObject({ status: 200, body: { status: 'SCHEDULED' } }); // a weekday commitment moves on
    expect((await api<{ progress: number; commitments: unknown[] }>('GET', `/v1/goals/${goal.body.id}`, { token })).body).toMatchObject({ progress: 100, commitments: [{ id: commitment.body.id }] });
    // Lists a page at a time: the cursor of one page opens the next; null on the last.
    const second = (await api<{ id: string }>('POST', '/v1/goals', { token, body: { title: 'Sleep by 23:00' } })).body;
    const goals = await api<{ items: Array<{ id: string }>; nextCursor: string | null }>('GET', '/v1/goals?limit=1', { token });
    expect(goals.body).toEqual({ items: [expect.objectContaining({ id: goal.body.id })], nextCursor: expect.any(String) });
    expect((await api('GET', `/v1/goals?limit=1&cursor=${encodeURIComponent(goals.body.nextCursor!)}`, { token })).body).toEqual({
      items: [expect.objectContaining({ id: second.id })],
      nextCursor: null,
    });
    expect((await api('GET', '/v1/commitments?limit=1', { token })).body).toEqual({ items: [expect.objectContaining({ id: commitment.body.id })], nextCursor: null });
    expect(await api('GET', '/v1/commitments?cursor=nonsense', { token })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') } });
    expect((await api('POST', '/v1/energy', { token, body: { level: 6 } })).status).toBe(201);
    expect((await api<{ items: unknown[] }>('GET', '/v1/energy?days=7', { token })).body).toEqual({ items: [expect.objectContaining({ level: 6 })], nextCursor: null }); // bounded by days
    expect((await api('GET', '/v1/insights', { token })).body).toMatchObject({ items: expect.any(Array), nextCursor: null });
    expect((await api<{ energy: { latest: number } }>('GET', '/v1/metrics', { token })).body.energy.latest).toBe(6);
    expect((await api('PUT', '/v1/check-in-settings', { token, body: { timeZone: 'Europe/Paris', quietHoursStart: '22:00', quietHoursEnd: '07:00' } })).status).toBe(200);
    expect((await api('GET', '/v1/check-in-settings', { token })).body).toEqual({ timeZone: 'Europe/Paris', quietHoursStart: '22:00', quietHoursEnd: '07:00' });
  });

  it.each([
    ['a due date in the past', '/v1/commitments', { title: 'Yesterday', dueAt: inMinutes(-60) }, 'dueAt'],
    ['a due date without an offset', '/v1/commitments', { title: 'Later', dueAt: '2030-01-01T10:00:00' }, 'dueAt'],
    ['an unknown schedule', '/v1/commitments', { title: 'Hourly', dueAt: inMinutes(60), schedule: 'HOURLY' }, 'schedule'],
    ['an energy of 11', '/v1/energy', { level: 11 }, 'level'],
    ['an energy of 0', '/v1/energy', { level: 0 }, 'level'],
    ['a goal without a title', '/v1/goals', { why: 'No title' }, 'title'],
  ])('should refuse %s with a 400 naming the field', async (_what, path, body, field) => {
    const response = await api<{ detail: string }>('POST', path, { token: alice.token, body });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain(field);
  });

  it('should refuse an unknown time zone and half-given quiet hours with a 400 naming the field', async () => {
    const zone = await api<{ detail: string }>('PUT', '/v1/check-in-settings', { token: alice.token, body: { timeZone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
    expect(zone.body.detail).toContain('timeZone');
    // The contract's rule over both fields, applied before the request leaves the gateway: still a 400 naming the field.
    const half = await api<{ detail: string; errors: unknown }>('PUT', '/v1/check-in-settings', { token: alice.token, body: { timeZone: 'UTC', quietHoursStart: '22:00' } });
    expect(half.status).toBe(400);
    expect(half.body.detail).toContain('quietHoursEnd');
    expect(half.body.errors).toEqual([{ field: 'quietHoursEnd', message: expect.any(String) }]);
  });

  it('should answer 404 for someone else’s goal and commitment, and change nothing of theirs', async () => {
    const goal = (await api<{ id: string }>('POST', '/v1/goals', { token: bob.token, body: { title: 'Bob’s goal' } })).body;
    const commitment = (await api<{ id: string }>('POST', '/v1/commitments', { token: bob.token, body: { title: 'Bob’s walk', dueAt: inMinutes(60), goalId: goal.id } })).body;
    const token = alice.token;
    expect((await api('GET', `/v1/goals/${goal.id}`, { token })).status).toBe(404);
    expect((await api('PATCH', `/v1/goals/${goal.id}`, { token, body: { title: 'Mine now' } })).status).toBe(404);
    expect((await api('POST', '/v1/commitments', { token, body: { title: 'On Bob’s goal', dueAt: inMinutes(60), goalId: goal.id } })).status).toBe(404);
    expect((await api('POST', `/v1/commitments/${commitment.id}/complete`, { token, body: {} })).status).toBe(404);
    expect((await api('POST', `/v1/commitments/${commitment.id}/skip`, { token, body: {} })).status).toBe(404);
    expect((await api<{ title: string; commitments: Array<{ status: string }> }>('GET', `/v1/goals/${goal.id}`, { token: bob.token })).body).toMatchObject({
      title: 'Bob’s goal',
      commitments: [{ status: 'SCHEDULED' }],
    });
  });

  it('should list reports a page at a time', async () => {
    const { token } = bob;
    for (const type of ['TWO_DAY', 'SEVEN_DAY']) expect((await api('POST', '/v1/reports', { token, body: { type } })).status).toBe(201);
    const first = await api<{ items: Array<{ id: string; type: string }>; nextCursor: string | null }>('GET', '/v1/reports?limit=1', { token });
    expect(first.body).toEqual({ items: [expect.objectContaining({ id: expect.any(String) })], nextCursor: expect.any(String) });
    const second = await api<{ items: Array<{ id: string }>; nextCursor: string | null }>('GET', `/v1/reports?limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { token });
    expect(second.body).toEqual({ items: [expect.not.objectContaining({ id: first.body.items[0]!.id })], nextCursor: null });
    expect(await api('GET', '/v1/reports?cursor=nonsense', { token })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') } });
  });

  it('should answer 401 without a token', async () => {
    for (const [method, path] of [
      ['GET', '/v1/goals'],
      ['POST', '/v1/commitments'],
      ['GET', '/v1/metrics'],
    ] as const) {
      expect((await api(method, path, { body: method === 'POST' ? {} : undefined })).status).toBe(401);
    }
  });
});
