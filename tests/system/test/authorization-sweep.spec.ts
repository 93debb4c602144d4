import fc from 'fast-check';

import { expectBusSettled, expectEventually, newAccount } from '@tandem/testing';

import { startSystem, type System } from './system';

interface AuthBody {
  user: { id: string };
  token: string;
}
type Operation = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} ${string}`;
interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

/** Routes meant for anyone; every other route must answer 401 without a token. */
const PUBLIC: Operation[] = [
  'POST /v1/auth/register',
  'POST /v1/auth/login',
  'POST /v1/auth/browser/register',
  'POST /v1/auth/browser/login',
  'GET /v1/erasure-receipts/{id}',
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
];

/**
 * Every route of the OpenAPI document, tried by the wrong caller: without a token (401), as a
 * user on an admin route (403), and as user B on user A's resources (404: another user's
 * resource is indistinguishable from a missing one). A route the sweep does not know fails it.
 */
describe('authorization sweep', () => {
  let system: System;
  let operations: Operation[];
  let owner: {
    token: string;
    teammate: string;
    identityId: string;
    noteId: string;
    conversationId: string;
    suggestionId: string;
    blockedId: string;
    goalId: string;
    commitmentId: string;
    reportId: string;
  };
  let stranger: string;
  let admin: string;

  beforeAll(async () => {
    system = await startSystem({ SERVICE_TIMEOUT_MS: '5000', RATE_LIMIT_AUTH_PER_MINUTE: '1000' });
    const { api } = system;
    const document = (await (await fetch(`${system.gatewayUrl}/docs-json`)).json()) as OpenApi;
    operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}` as Operation));
    expect(operations.length).toBeGreaterThan(40); // the document lists the whole API

    // User A's resources come from test scenarios, loaded by an admin the operator made.
    const adminAccount = newAccount();
    admin = (await api<AuthBody>('POST', '/v1/auth/register', { body: adminAccount })).body.token;
    await system.admin('grant', adminAccount.email);
    const scenarios = (await api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/admin/test-scenarios', { token: admin })).body.items;
    const load = async (name: string) => {
      const loaded = (
        await api<{ password: string; accounts: Array<{ email: string; kind: string }> }>('POST', `/v1/admin/test-scenarios/${scenarios.find((s) => s.name === name)!.id}/load`, { token: admin })
      ).body;
      const email = loaded.accounts.find((account) => account.kind === 'user')!.email;
      return (await api<AuthBody>('POST', '/v1/auth/login', { body: { email, password: loaded.password } })).body.token;
    };
    const refiner = await load('mid-refinement');
    await expectBusSettled();
    const identityId = (await api<{ items: Array<{ id: string }> }>('GET', '/v1/identities', { token: refiner })).body.items[0]!.id;
    const noteId = (await api<{ items: Array<{ id: string }> }>('GET', '/v1/notes', { token: refiner })).body.items[0]!.id;
    const conversationId = (await api<{ items: Array<{ id: string }> }>('GET', '/v1/chat/conversations', { token: refiner })).body.items[0]!.id;
    const goalId = (await api<{ items: Array<{ id: string }> }>('GET', '/v1/goals', { token: refiner })).body.items[0]!.id;
    const commitmentId = (await api<{ items: Array<{ id: string }> }>('GET', '/v1/commitments', { token: refiner })).body.items[0]!.id;
    const reportId = (await api<{ id: string }>('POST', '/v1/reports', { token: refiner, body: { type: 'SEVEN_DAY' } })).body.id;
    const teammate = await load('team-of-ten');
    await expectBusSettled();
    const suggestions = await expectEventually(async () => {
      const made = await api<{ items: Array<{ id: string }> }>('POST', '/v1/connections/suggestions', { token: teammate, body: { context: 'user research for a new onboarding flow' } });
      expect(made.body.items.length).toBeGreaterThan(0);
      return made.body.items;
    });
    // A pending request to a colleague (double opt-in), and a colleague the teammate blocked.
    const requested = await api<{ collaborator: { userId: string } }>('POST', `/v1/connections/suggestions/${suggestions[0]!.id}/connect`, { token: teammate });
    expect(requested.status).toBe(200);
    const blockedId = requested.body.collaborator.userId;
    expect((await api('POST', '/v1/connections/blocks', { token: teammate, body: { userId: blockedId } })).status).toBe(201);
    owner = { token: refiner, teammate, identityId, noteId, conversationId, suggestionId: suggestions[0]!.id, blockedId, goalId, commitmentId, reportId };
    stranger = (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body.token;
  }, 180_000);

  afterAll(() => system?.stop());

  const fill = (path: string, id: string) => path.replace(/\{[^}]+\}/g, id);
  const call = (operation: Operation, token?: string, id = '00000000-0000-4000-8000-000000000000') => {
    const [method, path] = operation.split(' ') as [Operation extends `${infer M} ${string}` ? M : never, string];
    return system.api(method, fill(path, id), { token, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
  };

  it('should answer 401 to every route but the public ones when no token comes', async () => {
    const open: string[] = [];
    for (const operation of operations) {
      if (PUBLIC.includes(operation)) continue;
      const { status } = await call(operation);
      if (status !== 401) open.push(`${operation} -> ${status}`);
    }
    expect(open).toEqual([]);
  });

  it('should answer 403 to a user on every admin route', async () => {
    const allowed: string[] = [];
    for (const operation of operations.filter((op) => op.split(' ')[1]!.startsWith('/v1/admin'))) {
      const { status } = await call(operation, stranger);
      if (status !== 403) allowed.push(`${operation} -> ${status}`);
    }
    expect(allowed).toEqual([]);
  });

  it("should answer 404 to user B on every route that names user A's resource, and every such route is covered", async () => {
    const { teammate } = owner;
    /** Each user route with an id: whose resource it names, what body it takes. */
    const owned: Partial<Record<Operation, { id: string; token: string; body?: Record<string, unknown> }>> = {
      'GET /v1/identities/{id}': { id: owner.identityId, token: owner.token },
      'PATCH /v1/identities/{id}': { id: owner.identityId, token: owner.token, body: { name: 'Taken Over' } },
      'POST /v1/identities/{id}/accept': { id: owner.identityId, token: owner.token },
      'POST /v1/identities/{id}/archive': { id: owner.identityId, token: owner.token },
      'DELETE /v1/identities/{id}': { id: owner.identityId, token: owner.token },
      'GET /v1/identities/{id}/history': { id: owner.identityId, token: owner.token },
      'PATCH /v1/notes/{id}': { id: owner.noteId, token: owner.token, body: { note: 'Rewritten by someone else' } },
      'DELETE /v1/notes/{id}': { id: owner.noteId, token: owner.token },
      'POST /v1/chat/conversations/{id}/end': { id: owner.conversationId, token: owner.token },
      'PUT /v1/chat/conversations/{id}/feedback': { id: owner.conversationId, token: owner.token, body: { rating: 1, comment: 'Rated by someone else' } },
      'POST /v1/connections/suggestions/{id}/view': { id: owner.suggestionId, token: teammate },
      'POST /v1/connections/suggestions/{id}/connect': { id: owner.suggestionId, token: teammate },
      'POST /v1/connections/suggestions/{id}/decline': { id: owner.suggestionId, token: teammate },
      // A request to a colleague is theirs to answer; a block is its blocker's to lift.
      'POST /v1/connections/incoming/{id}/accept': { id: owner.suggestionId, token: teammate },
      'POST /v1/connections/incoming/{id}/decline': { id: owner.suggestionId, token: teammate },
      'DELETE /v1/connections/blocks/{userId}': { id: owner.blockedId, token: teammate },
      'GET /v1/goals/{id}': { id: owner.goalId, token: owner.token },
      'PATCH /v1/goals/{id}': { id: owner.goalId, token: owner.token, body: { title: 'Taken Over' } },
      'POST /v1/commitments/{id}/complete': { id: owner.commitmentId, token: owner.token },
      'POST /v1/commitments/{id}/skip': { id: owner.commitmentId, token: owner.token },
      'GET /v1/reports/{id}': { id: owner.reportId, token: owner.token },
    };
    const withId = operations.filter((op) => op.includes('{') && !PUBLIC.includes(op) && !op.split(' ')[1]!.startsWith('/v1/admin'));
    expect(withId.filter((op) => !owned[op])).toEqual([]); // a new route with an id needs its line above
    expect(withId).toHaveLength(Object.keys(owned).length);

    const leaks: string[] = [];
    for (const operation of withId) {
      const { id, body } = owned[operation]!;
      const [method, path] = operation.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const { status } = await system.api(method, fill(path, id), { token: stranger, body: method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}) });
      if (status !== 404) leaks.push(`${operation} -> ${status}`);
    }
    expect(leaks).toEqual([]);
    // The ids are real: their owner still reads them, unchanged.
    const identity = await system.api<{ name: string; state: string }>('GET', `/v1/identities/${owner.identityId}`, { token: owner.token });
    expect(identity.status).toBe(200);
    expect(identity.body.name).not.toBe('Taken Over');
    expect(identity.body.state).not.toBe('ARCHIVED');
    expect((await system.api<{ items: Array<{ id: string }> }>('GET', '/v1/notes', { token: owner.token })).body.items.map((note) => note.id)).toContain(owner.noteId);
    expect((await system.api<{ title: string }>('GET', `/v1/goals/${owner.goalId}`, { token: owner.token })).body.title).not.toBe('Taken Over');
    expect((await system.api<{ items: Array<{ id: string; status: string }> }>('GET', '/v1/commitments', { token: owner.token })).body.items).toEqual([
      expect.objectContaining({ id: owner.commitmentId, status: 'SCHEDULED' }),
    ]);
    expect((await system.api<{ id: string }>('GET', `/v1/reports/${owner.reportId}`, { token: owner.token })).body.id).toBe(owner.reportId);
    const conversations = await system.api<{ items: Array<{ id: string; feedback?: unknown }> }>('GET', '/v1/chat/conversations', { token: owner.token });
    expect(conversations.body.items.find((conversation) => conversation.id === owner.conversationId)?.feedback ?? null).toBeNull();
  });

  it('should never answer 500 to a generated body, on any route, from its owner, an admin or anyone else', async () => {
    const withBody = operations.filter((op) => /^(POST|PUT|PATCH) /.test(op) && !PUBLIC.includes(op) && !op.includes('logout') && !op.endsWith('/password'));
    const errors: string[] = [];
    // JSON of every shape (deep, odd keys, huge numbers, unicode), and near-misses of real bodies.
    const bodies = fc.oneof(
      fc.jsonValue({ maxDepth: 40 }),
      fc.dictionary(
        fc.constantFrom('content', 'email', 'name', 'note', 'category', 'context', 'company', 'conversationId', 'template', 'strengths', 'title', 'dueAt', 'schedule', 'level', 'timeZone'),
        fc.jsonValue({ maxDepth: 3 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBody), bodies, fc.constantFrom('owner', 'admin', 'stranger'), async (operation, body, caller) => {
        const [method, path] = operation.split(' ') as ['POST' | 'PUT' | 'PATCH', string];
        const ids: Array<[string, string]> = [
          ['/identities/', owner.identityId],
          ['/notes/', owner.noteId],
          ['/conversations/', owner.conversationId],
          ['/goals/', owner.goalId],
          ['/commitments/', owner.commitmentId],
          ['/reports/', owner.reportId],
        ];
        const id = ids.find(([segment]) => path.includes(segment))?.[1] ?? owner.suggestionId;
        const token = { owner: owner.token, admin, stranger }[caller];
        const { status } = await system.api(method, fill(path, id), { token, body });
        if (status >= 500 && status !== 503) errors.push(`${operation} ${JSON.stringify(body).slice(0, 200)} -> ${status}`);
        return status < 500 || status === 503;
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(errors).toEqual([]);
  }, 120_000);
});
