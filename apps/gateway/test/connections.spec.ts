import type { IncomingConnectionView, SuggestionView, TeamProfileView } from '@tandem/contracts';

import { apiClient, newAccount, startGateway, type Gateway } from './support';

interface AuthBody {
  user: { id: string };
  token: string;
}

const CONTEXT = 'Our Kubernetes cluster keeps failing during database migrations';

/** The gateway's team-connections routes against the real service (its own process, over NATS). */
describe('gateway team-connections routes', () => {
  let gateway: Gateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    gateway = await startGateway({ SERVICE_TIMEOUT_MS: '10000' }, 'team-connections');
    api = apiClient(gateway.url);
  });

  afterAll(() => gateway?.close());

  let companies = 0;
  const company = () => `Acme ${Date.now()}-${++companies}`;
  const register = async (firstName: string, lastName: string) => (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount({ firstName, lastName }) })).body;
  const saveProfile = (user: AuthBody, body: Record<string, unknown>) => api<TeamProfileView>('PUT', '/v1/profile', { token: user.token, body });
  const askSuggestions = (user: AuthBody, context = CONTEXT) => api<{ items: SuggestionView[] }>('POST', '/v1/connections/suggestions', { token: user.token, body: { context } });

  it("should save and read the caller's team profile, named as their account", async () => {
    const ada = await register('Ada', 'Lovelace');
    expect((await api('GET', '/v1/profile', { token: ada.token })).status).toBe(404);
    const saved = await saveProfile(ada, { company: 'Lion Software', role: 'Product Manager', expertiseAreas: ['Product Strategy'], strengths: { primaryStrength: 'thinking' } });
    expect(saved).toMatchObject({ status: 200, body: { userId: ada.user.id, displayName: 'Ada Lovelace', expertiseAreas: ['product strategy'], availability: 'available', connectionOptIn: true } });
    expect(await api('GET', '/v1/profile', { token: ada.token })).toMatchObject({ status: 200, body: saved.body });
  });

  it('should suggest an available, opted-in colleague of the same company, and walk the suggestion through view and connect', async () => {
    const acme = company();
    const ada = await register('Ada', 'Lovelace');
    const sam = await register('Sam', 'Rivera');
    const optedOut = await register('Olga', 'Out');
    const elsewhere = await register('Eli', 'Where');
    await saveProfile(ada, { company: acme, role: 'Product Manager', department: 'Product', strengths: { primaryStrength: 'thinking' } });
    await saveProfile(sam, { company: acme, role: 'SRE', department: 'Platform', expertiseAreas: ['Kubernetes'] });
    await saveProfile(optedOut, { company: acme, expertiseAreas: ['kubernetes'], connectionOptIn: false });
    await saveProfile(elsewhere, { company: company(), expertiseAreas: ['kubernetes'] });

    const asked = await askSuggestions(ada);
    expect(asked.status).toBe(201);
    expect(asked.body.items).toHaveLength(1);
    const [suggestion] = asked.body.items;
    expect(suggestion).toMatchObject({
      collaborator: { userId: sam.user.id, name: 'Sam Rivera', role: 'SRE', department: 'Platform' },
      reasonType: 'expertise_match',
      explanation: 'Sam Rivera knows kubernetes, which your context is about.',
      status: 'suggested',
    });
    expect((await api<{ items: SuggestionView[] }>('GET', '/v1/connections/suggestions?status=suggested', { token: ada.token })).body.items).toEqual([suggestion]);

    const base = `/v1/connections/suggestions/${suggestion!.id}`;
    expect(await api('POST', `${base}/view`, { token: ada.token })).toMatchObject({ status: 200, body: { status: 'viewed' } });
    expect(await api('POST', `${base}/connect`, { token: ada.token })).toMatchObject({ status: 200, body: { status: 'connected', respondedAt: expect.any(String) } });
    expect(await api('POST', `${base}/connect`, { token: ada.token })).toMatchObject({
      status: 409,
      body: { message: 'Only a suggested or viewed suggestion can be connected; this one is connected' },
    });
    expect(await api('POST', `${base}/decline`, { token: ada.token })).toMatchObject({ status: 409, body: { message: expect.stringContaining('this one is connected') } });

    // Sam sees who and why, never Ada's context; the suggestion itself stays Ada's.
    const incoming = await api<{ items: IncomingConnectionView[] }>('GET', '/v1/connections/incoming', { token: sam.token });
    expect(incoming.body.items).toEqual([
      {
        suggestionId: suggestion!.id,
        requestor: { userId: ada.user.id, name: 'Ada Lovelace', role: 'Product Manager', department: 'Product' },
        reasonType: 'expertise_match',
        why: 'Ada Lovelace would like your help with kubernetes.',
        connectedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(incoming.body)).not.toContain('failing during database migrations');
    expect((await api('POST', `${base}/decline`, { token: sam.token })).status).toBe(404);
    expect((await api<{ items: unknown[] }>('GET', '/v1/connections/suggestions', { token: sam.token })).body.items).toEqual([]);
  });

  it('should answer 409 for suggestions without a company, and 404 without a profile', async () => {
    const nomad = await register('Noa', 'Mad');
    expect((await askSuggestions(nomad)).status).toBe(404);
    await saveProfile(nomad, { role: 'Freelancer' });
    expect(await askSuggestions(nomad)).toMatchObject({ status: 409, body: { message: expect.stringContaining('Add your company') } });
  });

  it('should refuse bad input with a 400 and a message, and anonymous callers with a 401', async () => {
    const user = await register('Val', 'Idation');
    expect(await saveProfile(user, { availability: 'away' })).toMatchObject({ status: 400, body: { message: expect.stringContaining('availability') } });
    expect(await saveProfile(user, { strengths: { primaryStrength: 'luck' } })).toMatchObject({ status: 400, body: { message: expect.stringContaining('strengths.primaryStrength') } });
    expect(await saveProfile(user, { projectExperience: [{ role: 'Lead' }] })).toMatchObject({ status: 400, body: { message: expect.stringContaining('projectExperience.0.project') } });
    expect(await saveProfile(user, { userId: user.user.id })).toMatchObject({ status: 400, body: { message: expect.stringContaining('userId') } });
    expect(await askSuggestions(user, ' ')).toMatchObject({ status: 400, body: { message: expect.stringContaining('context') } });
    expect((await api('POST', '/v1/connections/suggestions/not-a-uuid/connect', { token: user.token })).status).toBe(400);
    expect((await api('GET', '/v1/connections/suggestions?status=maybe', { token: user.token })).status).toBe(400);
    expect((await api('GET', '/v1/profile')).status).toBe(401);
    expect((await api('POST', '/v1/connections/suggestions', { body: { context: CONTEXT } })).status).toBe(401);
  });
});
