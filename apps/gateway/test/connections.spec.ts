import { MikroORM } from '@mikro-orm/postgresql';

import type { IncomingConnectionView, SuggestionView, TeamProfileView } from '@tandem/contracts';

import { runAdminCommand } from '../src/admin-cli';
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
    gateway = await startGateway({ SERVICE_TIMEOUT_MS: '10000', ORGANISATION_DOMAIN_JOIN: 'on' }, 'team-connections');
    api = apiClient(gateway.url);
  });

  afterAll(() => gateway?.close());

  let companies = 0;
  const company = () => `Acme ${Date.now()}-${++companies}`;
  const register = async (firstName: string, lastName: string) => (await api<AuthBody>('POST', '/v1/auth/register', { body: newAccount({ firstName, lastName }) })).body;
  const saveProfile = (user: AuthBody, body: Record<string, unknown>) => api<TeamProfileView>('PUT', '/v1/profile', { token: user.token, body });
  /** The founder creates the organisation; each other person joins with an invitation from them. */
  const organisation = async (founder: AuthBody, ...members: AuthBody[]) => {
    expect((await api('POST', '/v1/organisations', { token: founder.token, body: { name: company() } })).status).toBe(201);
    for (const member of members) {
      const invitation = await api<{ token: string }>('POST', '/v1/organisations/mine/invitations', { token: founder.token, body: {} });
      expect((await api('POST', '/v1/organisations/join', { token: member.token, body: { invitation: invitation.body.token } })).status).toBe(200);
    }
  };
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
    await saveProfile(elsewhere, { company: acme, expertiseAreas: ['kubernetes'] }); // typed, but not a member
    await organisation(ada, sam, optedOut);

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
      body: { detail: 'Only a suggested or viewed suggestion can be connected; this one is connected' },
    });
    expect(await api('POST', `${base}/decline`, { token: ada.token })).toMatchObject({ status: 409, body: { detail: expect.stringContaining('this one is connected') } });

    // Sam sees who and why, never Ada's context; the suggestion itself stays Ada's.
    const incoming = await api<{ items: IncomingConnectionView[] }>('GET', '/v1/connections/incoming', { token: sam.token });
    expect(incoming.body.items).toEqual([
      {
        suggestionId: suggestion!.id,
        requestor: { userId: ada.user.id, name: 'Ada Lovelace', role: 'Product Manager', department: 'Product' },
        reasonType: 'expertise_match',
        why: 'Ada Lovelace would like your help with kubernetes.',
        connectedAt: expect.any(String),
        status: 'pending',
        answeredAt: null,
      },
    ]);
    expect(JSON.stringify(incoming.body)).not.toContain('failing during database migrations');
    // Both lists page: a cursor the list did not give is a 400 naming it.
    expect(incoming.body).toMatchObject({ nextCursor: null });
    for (const [user, path] of [
      [sam, '/v1/connections/incoming'],
      [ada, '/v1/connections/suggestions'],
    ] as const) {
      expect(await api('GET', `${path}?cursor=nonsense`, { token: user.token })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') } });
    }
    const firstSuggestion = await api<{ items: SuggestionView[]; nextCursor: string | null }>('GET', '/v1/connections/suggestions?limit=1', { token: ada.token });
    expect(firstSuggestion.body.items).toHaveLength(1);
    expect((await api('POST', `${base}/decline`, { token: sam.token })).status).toBe(404);
    expect((await api('POST', `/v1/connections/incoming/${suggestion!.id}/accept`, { token: ada.token })).status).toBe(404);
    expect(await api('POST', `/v1/connections/incoming/${suggestion!.id}/accept`, { token: sam.token })).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect((await api('POST', `/v1/connections/incoming/${suggestion!.id}/decline`, { token: sam.token })).status).toBe(409);
    expect((await api<SuggestionView>('GET', '/v1/connections/suggestions', { token: ada.token })).body).toMatchObject({ items: [{ id: suggestion!.id, request: 'accepted' }] });
    expect((await api<{ items: unknown[] }>('GET', '/v1/connections/suggestions', { token: sam.token })).body.items).toEqual([]);
  });

  it('should give nobody to a stranger who types an organisation’s name, and 404 without a profile', async () => {
    const nomad = await register('Noa', 'Mad');
    expect((await askSuggestions(nomad)).status).toBe(404);
    await saveProfile(nomad, { company: 'Lion Software', role: 'Freelancer' });
    expect(await askSuggestions(nomad)).toMatchObject({ status: 409, body: { detail: expect.stringContaining('Join your organisation') } });
    expect((await api('GET', '/v1/organisations/mine', { token: nomad.token })).status).toBe(404);
  });

  it('should refuse a used or unknown invitation and an unverified domain naming the field, and admit by a domain an operator verified', async () => {
    const ada = await register('Ada', 'Admin');
    const bo = await register('Bo', 'Member');
    const cy = await register('Cy', 'Late');
    await organisation(ada, bo);
    const invitation = await api<{ token: string }>('POST', '/v1/organisations/mine/invitations', { token: ada.token, body: { expiresInHours: 1 } });
    expect((await api('POST', '/v1/organisations/mine/invitations', { token: bo.token, body: {} })).status).toBe(403);
    expect(await api('POST', '/v1/organisations/join', { token: cy.token, body: { invitation: invitation.body.token } })).toMatchObject({ status: 200, body: { joinedVia: 'invitation' } });
    const dee = await register('Dee', 'Domain');
    expect(await api('POST', '/v1/organisations/join', { token: dee.token, body: { invitation: invitation.body.token } })).toMatchObject({
      status: 400,
      body: { detail: 'invitation: this invitation has already been used' },
    });
    expect(await api('POST', '/v1/organisations/join', { token: dee.token, body: { invitation: 'short' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('invitation') } });
    expect(await api('POST', '/v1/organisations/mine/invitations', { token: ada.token, body: { expiresInHours: 0 } })).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('expiresInHours') },
    });

    // newAccount's emails are at example.com: Ada's organisation claims it, an operator verifies it.
    const domain = 'example.com';
    expect(await api('POST', '/v1/organisations/mine/domains', { token: ada.token, body: { domain: 'not a domain' } })).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('domain') },
    });
    expect(await api('POST', '/v1/organisations/mine/domains', { token: ada.token, body: { domain } })).toMatchObject({ status: 201, body: { domain, verifiedAt: null } });
    // A page at a time, by name.
    expect((await api('POST', '/v1/organisations/mine/domains', { token: ada.token, body: { domain: 'another.example' } })).status).toBe(201);
    const first = await api<{ items: Array<{ domain: string }>; nextCursor: string | null }>('GET', '/v1/organisations/mine/domains?limit=1', { token: ada.token });
    expect(first.body).toEqual({ items: [expect.objectContaining({ domain: 'another.example' })], nextCursor: expect.any(String) });
    expect((await api('GET', `/v1/organisations/mine/domains?limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`, { token: ada.token })).body).toEqual({
      items: [expect.objectContaining({ domain })],
      nextCursor: null,
    });
    expect(await api('GET', '/v1/organisations/mine/domains?cursor=nonsense', { token: ada.token })).toMatchObject({
      status: 400,
      body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') },
    });
    expect(await api('POST', '/v1/organisations/join-by-email', { token: dee.token })).toMatchObject({ status: 400, body: { detail: `email: no organisation has verified the domain ${domain}` } });
    const operator = newAccount();
    const operatorToken = (await api<AuthBody>('POST', '/v1/auth/register', { body: operator })).body.token;
    expect((await api('POST', '/v1/admin/organisations/domains/verify', { token: operatorToken, body: { domain } })).status).toBe(403);
    await runAdminCommand(gateway.app.get(MikroORM), ['grant', operator.email], 'operator-test');
    expect(await api('POST', '/v1/admin/organisations/domains/verify', { token: operatorToken, body: { domain } })).toMatchObject({ status: 200, body: { verifiedAt: expect.any(String) } });
    expect(await api('POST', '/v1/organisations/join-by-email', { token: dee.token })).toMatchObject({ status: 200, body: { joinedVia: 'domain', memberCount: 4 } });
    expect((await api('GET', '/v1/organisations/mine/analytics', { token: bo.token })).status).toBe(403);
    expect(await api('GET', '/v1/organisations/mine/analytics', { token: ada.token })).toMatchObject({ status: 200, body: { members: 4 } });
  });

  it('should let a person block a colleague and lift it, 404 for anyone else', async () => {
    const ada = await register('Ada', 'Blocker');
    const sam = await register('Sam', 'Blocked');
    await organisation(ada, sam);
    expect(await api('POST', '/v1/connections/blocks', { token: ada.token, body: { userId: 'nobody' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('userId') } });
    expect((await api('POST', '/v1/connections/blocks', { token: ada.token, body: { userId: sam.user.id } })).status).toBe(201);
    expect((await api<{ items: Array<{ userId: string }> }>('GET', '/v1/connections/blocks', { token: ada.token })).body.items.map((block) => block.userId)).toEqual([sam.user.id]);
    expect((await api('GET', '/v1/connections/blocks?limit=1', { token: ada.token })).body).toEqual({ items: [expect.objectContaining({ userId: sam.user.id })], nextCursor: null });
    expect(await api('GET', '/v1/connections/blocks?cursor=nonsense', { token: ada.token })).toMatchObject({ status: 400, body: { code: 'BAD_CURSOR', detail: expect.stringContaining('cursor') } });
    expect((await api('DELETE', `/v1/connections/blocks/${sam.user.id}`, { token: sam.token })).status).toBe(404);
    expect((await api('DELETE', `/v1/connections/blocks/${sam.user.id}`, { token: ada.token })).status).toBe(204);
  });

  it('should validate a body exactly as its contract does: a 400 naming the field for what the bus would refuse, null where the contract allows it', async () => {
    const user = await register('Con', 'Tract');
    // Blank once trimmed: a hand-written schema that did not trim let it through to the bus.
    expect(await saveProfile(user, { expertiseAreas: ['   '] })).toMatchObject({ status: 400, body: { status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'expertiseAreas.0' }] } });
    expect(await saveProfile(user, { strengths: null, company: null })).toMatchObject({ status: 200, body: { strengths: null, company: null } });
    expect(await api('GET', '/v1/profile', { token: user.token })).toMatchObject({ status: 200, body: { strengths: null } });
  });

  it('should refuse bad input with a 400 and a message, and anonymous callers with a 401', async () => {
    const user = await register('Val', 'Idation');
    expect(await saveProfile(user, { availability: 'away' })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('availability') } });
    expect(await saveProfile(user, { strengths: { primaryStrength: 'luck' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('strengths.primaryStrength') } });
    expect(await saveProfile(user, { projectExperience: [{ role: 'Lead' }] })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('projectExperience.0.project') } });
    expect(await saveProfile(user, { userId: user.user.id })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('userId') } });
    expect(await askSuggestions(user, ' ')).toMatchObject({ status: 400, body: { detail: expect.stringContaining('context') } });
    expect((await api('POST', '/v1/connections/suggestions/not-a-uuid/connect', { token: user.token })).status).toBe(400);
    expect((await api('GET', '/v1/connections/suggestions?status=maybe', { token: user.token })).status).toBe(400);
    expect((await api('GET', '/v1/profile')).status).toBe(401);
    expect((await api('POST', '/v1/connections/suggestions', { body: { context: CONTEXT } })).status).toBe(401);
  });
});
