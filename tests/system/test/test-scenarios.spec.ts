import { Client } from 'pg';

import { scenarioTemplate } from '@tandem/contracts';
import { expectBusSettled, expectEventually, newAccount } from '@tandem/testing';

import { startSystem, type System } from './system';

interface AuthBody {
  user: { id: string; email: string };
  token: string;
}
interface Scenario {
  id: string;
  name: string;
  state: string;
  template: unknown;
}
interface Loaded {
  scenarioId: string;
  password: string;
  accounts: Array<{ userId: string; email: string; kind: string }>;
}
interface Status {
  state: string;
  userIds: string[];
  services: Array<{ service: string; applied: boolean; appliedRows: number; clearedAt: string | null; deletedRows: number | null }>;
}

/** Every table that carries test_scenario_id, schema by schema. */
const TAGGED_TABLES = [
  'accounts.users',
  'coach_state.coach_states',
  'identities.identities',
  'identities.identity_versions',
  'chat.conversations',
  'chat.chat_messages',
  'chat.actions',
  'sentinel.user_notes',
  'sentinel.emotions',
  'sentinel.episodes',
  'sentinel.memory_settings',
  'team.user_profiles_extended',
  'team.connection_suggestions',
  'team.organisations',
  'team.organisation_members',
  'progress.goals',
  'progress.commitments',
  'progress.reminder_schedules',
  'progress.energy_metrics',
  'progress.report_schedules',
  'progress.reports',
  'progress.insights',
  'progress.note_changes',
];

/** Test scenarios end to end: every service as its own process, driven through the gateway's admin routes. */
describe('test scenarios', () => {
  const adminEmail = `scenario-admin${Date.now().toString(36)}@example.com`;
  let system: System;
  let api: System['api'];
  let sql: Client;
  let admin: string;
  let someone: AuthBody;

  beforeAll(async () => {
    system = await startSystem({ SERVICE_TIMEOUT_MS: '2000' });
    api = system.api;
    sql = new Client({ connectionString: system.db.adminUrl });
    await sql.connect();
    admin = (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount({ email: adminEmail }) })).body.token;
    // An operator makes the account an admin, as in production (npm run admin -- grant <email>).
    expect(await system.admin('grant', adminEmail)).toMatch(/^granted admin to/);
    // A real person beside the scenarios: a reset must leave every row of theirs alone.
    someone = (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
    expect((await api('PUT', '/v1/profile', { token: someone.token, body: { company: 'Lion Software', expertiseAreas: ['typescript'] } })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await system?.stop();
  });

  const scenarioNamed = async (name: string) => (await api<{ items: Scenario[] }>('GET', '/v1/admin/test-scenarios', { token: admin })).body.items.find((scenario) => scenario.name === name)!;
  const statusOf = async (id: string) => (await api<Status>('GET', `/v1/admin/test-scenarios/${id}/status`, { token: admin })).body;
  const count = async (table: string, where: string, params: unknown[]) => Number((await sql.query(`select count(*) as n from ${table} where ${where}`, params)).rows[0].n);
  async function countsFor(where: string, params: unknown[] = []): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TAGGED_TABLES) counts[table] = await count(table, where, params);
    return counts;
  }
  const taggedWith = (id: string) => countsFor('test_scenario_id = $1', [id]);

  async function until(id: string, state: string): Promise<Status> {
    let last: Status | undefined;
    return expectEventually(
      async () => {
        last = await statusOf(id);
        expect(last.state).toBe(state);
        return last;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last status: ${JSON.stringify(last)}`);
    });
  }

  it('should ship three scenarios, list them to admins only, and refuse everyone else with a 403', async () => {
    const user = (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount() })).body;
    expect((await api('GET', '/v1/admin/test-scenarios', { token: user.token })).status).toBe(403);
    expect((await api('POST', '/v1/admin/test-scenarios', { token: user.token, body: { name: 'sneaky', template: { user: {} } } })).status).toBe(403);
    expect((await api('GET', '/v1/admin/test-scenarios')).status).toBe(401);

    const listed = await api<{ items: Scenario[]; nextCursor: string | null }>('GET', '/v1/admin/test-scenarios', { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.items.map((scenario) => scenario.name)).toEqual(expect.arrayContaining(['new-user', 'mid-refinement', 'team-of-ten']));
    expect(listed.body.items.every((scenario) => scenario.state === 'NOT_LOADED')).toBe(true);
    // What the migration shipped still satisfies the contract a load publishes.
    for (const scenario of listed.body.items) expect(scenarioTemplate.safeParse(scenario.template).error).toBeUndefined();
    // Paged by name: one at a time, the cursors walk the same list.
    const first = await api<{ items: Scenario[]; nextCursor: string }>('GET', '/v1/admin/test-scenarios?limit=1', { token: admin });
    const second = await api<{ items: Scenario[] }>('GET', `/v1/admin/test-scenarios?limit=1&cursor=${first.body.nextCursor}`, { token: admin });
    expect([...first.body.items, ...second.body.items].map((scenario) => scenario.name)).toEqual(listed.body.items.slice(0, 2).map((scenario) => scenario.name));
    expect(await api('GET', '/v1/admin/test-scenarios?cursor=nonsense', { token: admin })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR' } });
  });

  it('should create a scenario, refuse a taken name with a 409, and an invalid template with a 400 naming the field', async () => {
    const template = { user: { firstName: 'Cleo' }, coach: { phase: 'IDENTITY_CREATION' }, identities: [{ category: 'HEALTH', name: 'Early Riser', state: 'PROPOSED' }] };
    const created = await api<Scenario>('POST', '/v1/admin/test-scenarios', { token: admin, body: { name: 'one-proposal', description: 'One proposed identity', template } });
    expect(created).toMatchObject({ status: 201, body: { name: 'one-proposal', state: 'NOT_LOADED', isActive: true, template } });
    expect((await api('POST', '/v1/admin/test-scenarios', { token: admin, body: { name: 'one-proposal', template } })).status).toBe(409);

    const badState = await api<{ detail: string }>('POST', '/v1/admin/test-scenarios', {
      token: admin,
      body: { name: 'bad-state', template: { ...template, identities: [{ category: 'HEALTH', name: 'Early Riser', state: 'DREAMING' }] } },
    });
    expect(badState.status).toBe(400);
    expect(badState.body.detail).toContain('template.identities.0.state');
    const unknownField = await api<{ detail: string }>('POST', '/v1/admin/test-scenarios', { token: admin, body: { name: 'extra', template: { user: {}, pets: [] } } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.detail).toContain('template');
    const orphanReply = await api<{ detail: string }>('POST', '/v1/admin/test-scenarios', {
      token: admin,
      body: { name: 'orphan-reply', template: { user: {}, messages: [{ role: 'COACH', content: 'Hi' }] } },
    });
    expect(orphanReply.status).toBe(400);
    expect(orphanReply.body.detail).toContain('template.messages');
    expect((await api('POST', '/v1/admin/test-scenarios', { token: admin, body: { name: 'No Spaces Allowed', template } })).status).toBe(400);
    expect((await api('POST', '/v1/admin/test-scenarios', { token: admin, body: { name: 'no-template' } })).status).toBe(400);

    expect((await api('DELETE', `/v1/admin/test-scenarios/${created.body.id}`, { token: admin })).status).toBe(204);
    expect((await api('DELETE', `/v1/admin/test-scenarios/${created.body.id}`, { token: admin })).status).toBe(404);
  });

  it("should load 'mid-refinement' into every service, let the tester log in to it, and reset exactly its rows", async () => {
    const { id } = await scenarioNamed('mid-refinement');
    const load = await api<Loaded>('POST', `/v1/admin/test-scenarios/${id}/load`, { token: admin });
    expect(load.status).toBe(202);
    expect(load.body.accounts).toHaveLength(1);
    const [account] = load.body.accounts;
    expect(account).toMatchObject({ kind: 'user' });
    expect((await api('POST', `/v1/admin/test-scenarios/${id}/load`, { token: admin })).status).toBe(409);

    const status = await until(id, 'LOADED');
    expect(status.services.map((service) => service.service).sort()).toEqual(['chat', 'coach-state', 'gateway', 'identities', 'progress', 'sentinel', 'team-connections']);
    expect(status.services.every((service) => service.applied)).toBe(true);
    expect(status.services.find((service) => service.service === 'identities')?.appliedRows).toBe(3);

    const login = await api<AuthBody>('POST', '/v1/auth/login', { body: { email: account!.email, password: load.body.password } });
    expect(login.status).toBe(200);
    const token = login.body.token;
    await expectEventually(async () => expect(await api('GET', '/v1/coach-state', { token })).toMatchObject({ status: 200, body: { currentPhase: 'IDENTITY_REFINEMENT' } }), { timeoutMs: 15_000 });
    const identities = await api<{ items: Array<{ name: string; state: string; affirmation: string | null }> }>('GET', '/v1/identities', { token });
    expect(identities.body.items).toHaveLength(3);
    const accepted = identities.body.items.filter((identity) => identity.state === 'ACCEPTED');
    expect(accepted).toEqual([expect.objectContaining({ name: 'Creative Innovator', affirmation: expect.any(String) })]);
    // coach-state follows the identities' own events: the accepted one becomes current.
    await expectEventually(async () => expect((await api<{ currentIdentityId: string | null }>('GET', '/v1/coach-state', { token })).body.currentIdentityId).not.toBeNull(), { timeoutMs: 15_000 });
    const notes = await api<{ items: Array<{ note: string }> }>('GET', '/v1/notes', { token });
    expect(notes.body.items.map((note) => note.note).sort()).toEqual(['Values time with close friends', 'Wants more creative ownership at work', 'Works as a product designer']);
    const messages = await api<{ items: Array<{ role: string; content: string }> }>('GET', '/v1/chat/messages', { token });
    expect(messages.body.items).toHaveLength(4);
    expect(messages.body.items.at(-1)).toMatchObject({ role: 'USER' }); // newest first: the template's first message is last

    expect((await api('DELETE', `/v1/admin/test-scenarios/${id}`, { token: admin })).status).toBe(409);
    const tagged = await taggedWith(id);
    expect(tagged).toMatchObject({
      'accounts.users': 1,
      'coach_state.coach_states': 1,
      'identities.identities': 3,
      'chat.conversations': 1,
      'chat.chat_messages': 4,
      'sentinel.user_notes': 3,
      'progress.goals': 1,
      'progress.commitments': 1,
      'progress.reminder_schedules': 1,
      'progress.report_schedules': 3, // the scenario's user gets the 2-, 7- and 21-day schedules with their goal
    });
    // What services still derive from the loaded rows (notes, emotions, read models) is done first.
    await expectBusSettled({ timeoutMs: 60_000 });
    const before = await countsFor('test_scenario_id is null');

    expect((await api<Status>('POST', `/v1/admin/test-scenarios/${id}/reset`, { token: admin })).status).toBe(202);
    const cleared = await until(id, 'CLEARED');
    expect(cleared.services.every((service) => service.clearedAt !== null)).toBe(true);
    expect(cleared.services.find((service) => service.service === 'identities')?.deletedRows).toBe(3);
    expect(await taggedWith(id)).toEqual(Object.fromEntries(TAGGED_TABLES.map((table) => [table, 0])));
    // Nobody else's rows went: the untagged rows are as they were.
    expect(await countsFor('test_scenario_id is null')).toEqual(before);
    expect(await count('accounts.users', 'id = $1', [someone.user.id])).toBe(1);
    expect(await count('coach_state.coach_states', 'user_id = $1', [someone.user.id])).toBe(1);
    expect(await count('team.user_profiles_extended', 'user_id = $1', [someone.user.id])).toBe(1);
    // chat's read models of the scenario's account went with it.
    expect(await count('chat.coach_contexts', 'user_id = $1', [account!.userId])).toBe(0);
    expect(await count('chat.identity_snapshots', 'user_id = $1', [account!.userId])).toBe(0);

    expect((await api('GET', '/v1/me', { token })).status).toBe(401);
    expect((await api('POST', '/v1/auth/login', { body: { email: account!.email, password: load.body.password } })).status).toBe(401);
    expect((await api('POST', `/v1/admin/test-scenarios/${id}/reset`, { token: admin })).status).toBe(409);
  }, 90_000);

  it("should load 'team-of-ten' as ten accounts with team profiles, and load it again after a reset", async () => {
    const { id } = await scenarioNamed('team-of-ten');
    const load = await api<Loaded>('POST', `/v1/admin/test-scenarios/${id}/load`, { token: admin });
    expect(load.status).toBe(202);
    expect(load.body.accounts.map((account) => account.kind).filter((kind) => kind === 'colleague')).toHaveLength(9);
    await until(id, 'LOADED');
    expect(await count('team.user_profiles_extended', 'test_scenario_id = $1', [id])).toBe(10);
    expect(await count('coach_state.coach_states', 'test_scenario_id = $1', [id])).toBe(10);

    const token = (await api<AuthBody>('POST', '/v1/auth/login', { body: { email: load.body.accounts[0]!.email, password: load.body.password } })).body.token;
    expect(await api('GET', '/v1/profile', { token })).toMatchObject({ status: 200, body: { company: 'Lion Software', role: 'Product Manager', displayName: 'Tess Teammate' } });
    // The ten are one organisation of the scenario, Tess its admin.
    expect(await api('GET', '/v1/organisations/mine', { token })).toMatchObject({ status: 200, body: { name: 'Lion Software', role: 'admin', joinedVia: 'scenario', memberCount: 10 } });
    expect(await count('team.organisations', 'test_scenario_id = $1', [id])).toBe(1);

    await expectBusSettled({ timeoutMs: 60_000 });
    expect((await api('POST', `/v1/admin/test-scenarios/${id}/reset`, { token: admin })).status).toBe(202);
    await until(id, 'CLEARED');
    expect(await taggedWith(id)).toEqual(Object.fromEntries(TAGGED_TABLES.map((table) => [table, 0])));

    const again = await api<Loaded>('POST', `/v1/admin/test-scenarios/${id}/load`, { token: admin });
    expect(again.status).toBe(202);
    await until(id, 'LOADED');
    expect((await api('POST', `/v1/admin/test-scenarios/${id}/reset`, { token: admin })).status).toBe(202);
    await until(id, 'CLEARED');
  }, 120_000);
});
