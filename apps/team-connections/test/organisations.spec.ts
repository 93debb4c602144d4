import { randomUUID } from 'node:crypto';

import {
  AnswerConnectionRequest,
  BlockColleague,
  ClaimDomain,
  ConnectionAnswered,
  CreateInvitation,
  CreateOrganisation,
  GetOrganisation,
  GetOrganisationAnalytics,
  JoinOrganisation,
  JoinOrganisationByDomain,
  ListBlocks,
  ListBlocksV1,
  ListDomains,
  ListDomainsV1,
  ListIncomingConnections,
  RequestSuggestions,
  RespondToSuggestion,
  UnblockColleague,
  UserDeleted,
  VerifyDomain,
  type SuggestionView,
} from '@tandem/contracts';
import { expectEventually } from '@tandem/testing';

import { startTeamConnections, type TeamBed } from './support';

const CONTEXT = 'Our Kubernetes upgrade keeps failing';

describe('team-connections: organisations, double opt-in, blocks and exposure', () => {
  let bed: TeamBed;

  beforeAll(async () => {
    bed = await startTeamConnections({ ORGANISATION_DOMAIN_JOIN: 'on', EXPOSURE_CAP_PER_WEEK: '2' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const unique = (name: string) => `${name} ${randomUUID().slice(0, 8)}`;
  const suggest = async (userId: string) => (await bed.ask(RequestSuggestions, { userId, context: CONTEXT })).items;
  const collaboratorIds = (items: SuggestionView[]) => items.map((item) => item.collaborator.userId);

  /** An organisation with a founder (admin) asking and a Kubernetes expert in it. */
  async function team() {
    const company = unique('Lion Software');
    const ada = await bed.profile({ company, displayName: 'Ada Lovelace', role: 'Product Manager' });
    const sam = await bed.profile({ company, displayName: 'Sam Rivera', role: 'SRE', department: 'Platform', expertiseAreas: ['kubernetes'] });
    return { company, ada: ada.userId, sam: sam.userId };
  }

  describe('membership', () => {
    it('should give a stranger who types an organisation’s name into their profile nobody from it', async () => {
      const { company, sam } = await team();
      // The attack of issue 17: a fresh account names the company and asks for colleagues.
      const intruder = await bed.profile({ company, join: false, role: 'Engineer', expertiseAreas: ['kubernetes'] });
      await expect(suggest(intruder.userId)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('Join your organisation') });
      // Founding an organisation of the same name makes a different organisation: still nobody.
      const own = await bed.ask(CreateOrganisation, { userId: intruder.userId, name: company });
      expect(own).toMatchObject({ name: company, role: 'admin', joinedVia: 'founder', memberCount: 1 });
      expect(await suggest(intruder.userId)).toEqual([]);
      // And the real organisation's people are not matched with the intruder the other way either.
      const colleague = await bed.profile({ company, role: 'PM' });
      expect(collaboratorIds(await suggest(colleague.userId))).toEqual([sam]);
    });

    it('should admit with an invitation once, refuse it used, expired or unknown naming the field, and let only admins invite', async () => {
      const { company, ada, sam } = await team();
      await expect(bed.ask(CreateInvitation, { userId: sam, expiresInHours: 1 })).rejects.toMatchObject({ status: 403 });
      const { token } = await bed.ask(CreateInvitation, { userId: ada, expiresInHours: 1 });
      const first = (await bed.profile({ join: false, company })).userId;
      const second = (await bed.profile({ join: false, company })).userId;
      expect(await bed.ask(JoinOrganisation, { userId: first, invitation: token })).toMatchObject({ name: company, role: 'member', joinedVia: 'invitation', memberCount: 3 });
      await expect(bed.ask(JoinOrganisation, { userId: second, invitation: token })).rejects.toMatchObject({ status: 400, message: 'invitation: this invitation has already been used' });

      const expiring = await bed.ask(CreateInvitation, { userId: ada, expiresInHours: 1 });
      await bed.sql("update team.organisation_invitations set created_at = now() - interval '2 hours', expires_at = now() - interval '1 minute' where id = $1", [expiring.id]);
      await expect(bed.ask(JoinOrganisation, { userId: second, invitation: expiring.token })).rejects.toMatchObject({ status: 400, message: 'invitation: this invitation has expired' });
      await expect(bed.ask(JoinOrganisation, { userId: second, invitation: 'inv_not-a-real-token-at-all' })).rejects.toMatchObject({
        status: 400,
        message: 'invitation: this invitation is not a valid invitation',
      });
      await expect(bed.ask(GetOrganisation, { userId: second })).rejects.toMatchObject({ status: 404 });

      // A member cannot use a second invitation to move, and the refused join leaves it unused.
      const spare = await bed.ask(CreateInvitation, { userId: ada, expiresInHours: 1 });
      await expect(bed.ask(JoinOrganisation, { userId: sam, invitation: spare.token })).rejects.toMatchObject({ status: 409 });
      expect(await bed.ask(JoinOrganisation, { userId: second, invitation: spare.token })).toMatchObject({ memberCount: 4 });
      const [stored] = await bed.sql<{ token_hash: string }>('select token_hash from team.organisation_invitations where id = $1', [spare.id]);
      expect(stored!.token_hash).not.toContain(spare.token); // only the hash is kept
    });

    it('should admit by email domain only once an operator verified the organisation’s claim', async () => {
      const { ada, sam } = await team();
      const domain = `${randomUUID().slice(0, 8)}.lion.example`;
      const newcomer = (await bed.profile({ join: false, company: 'whatever' })).userId;
      await expect(bed.ask(ClaimDomain, { userId: sam, domain })).rejects.toMatchObject({ status: 403 });
      expect(await bed.ask(ClaimDomain, { userId: ada, domain })).toMatchObject({ domain, verifiedAt: null });
      await expect(bed.ask(JoinOrganisationByDomain, { userId: newcomer, email: `new@${domain}` })).rejects.toMatchObject({
        status: 400,
        message: `email: no organisation has verified the domain ${domain}`,
      });
      // Another organisation cannot take the claimed domain.
      const other = await team();
      await expect(bed.ask(ClaimDomain, { userId: other.ada, domain })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^domain: /) });

      expect(await bed.ask(VerifyDomain, { userId: randomUUID(), domain })).toMatchObject({ domain, verifiedAt: expect.any(String) });
      expect(await bed.ask(JoinOrganisationByDomain, { userId: newcomer, email: `new@${domain.toUpperCase()}` })).toMatchObject({ joinedVia: 'domain', memberCount: 3 });
      await expect(bed.ask(VerifyDomain, { userId: randomUUID(), domain: 'nobody-claimed.example' })).rejects.toMatchObject({ status: 404 });
    });

    it('should page the organisation’s domains by name; 400 for a bad cursor; version 1 lists them all', async () => {
      const { ada, sam } = await team();
      const prefix = randomUUID().slice(0, 8);
      const domains = ['c', 'a', 'b'].map((name) => `${name}-${prefix}.lion.example`);
      for (const domain of domains) await bed.ask(ClaimDomain, { userId: ada, domain });
      const byName = [...domains].sort();
      const first = await bed.ask(ListDomains, { userId: ada, limit: 2 });
      expect(first.items.map((row) => row.domain)).toEqual(byName.slice(0, 2));
      expect(await bed.ask(ListDomains, { userId: ada, limit: 2, cursor: first.nextCursor! })).toEqual({ items: [expect.objectContaining({ domain: byName[2] })], nextCursor: null });
      expect(await bed.ask(ListDomains, { userId: ada })).toEqual({ items: byName.map((domain) => ({ domain, claimedAt: expect.any(String), verifiedAt: null })), nextCursor: null });
      await expect(bed.ask(ListDomains, { userId: ada, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      await expect(bed.ask(ListDomains, { userId: sam })).rejects.toMatchObject({ status: 403 });
      expect(await bed.ask(ListDomainsV1, { userId: ada })).toEqual({ items: (await bed.ask(ListDomains, { userId: ada })).items });
    });
  });

  describe('double opt-in', () => {
    it('should show the colleague a pending request with its reason, and tell the requestor their answer', async () => {
      const { ada, sam } = await team();
      const [made] = await suggest(ada);
      await bed.ask(RespondToSuggestion, { userId: ada, suggestionId: made!.id, response: 'connect' });
      const { items } = await bed.ask(ListIncomingConnections, { userId: sam });
      expect(items).toEqual([expect.objectContaining({ suggestionId: made!.id, status: 'pending', answeredAt: null, why: 'Ada Lovelace would like your help with kubernetes.' })]);
      expect(JSON.stringify(items)).not.toContain('upgrade'); // never the context

      await expect(bed.ask(AnswerConnectionRequest, { userId: ada, suggestionId: made!.id, answer: 'accept' })).rejects.toMatchObject({ status: 404 });
      expect(await bed.ask(AnswerConnectionRequest, { userId: sam, suggestionId: made!.id, answer: 'accept' })).toMatchObject({ status: 'accepted', answeredAt: expect.any(String) });
      await expect(bed.ask(AnswerConnectionRequest, { userId: sam, suggestionId: made!.id, answer: 'decline' })).rejects.toMatchObject({ status: 409 });
      await expectEventually(() => {
        const answered = bed.received.filter((envelope) => envelope.type === ConnectionAnswered.type && envelope.userId === ada);
        expect(answered.map((envelope) => (envelope.payload as { suggestion: SuggestionView }).suggestion)).toEqual([expect.objectContaining({ id: made!.id, request: 'accepted' })]);
      });
    });

    it('should not suggest a colleague again within the cool-down after they declined the request', async () => {
      const { ada, sam } = await team();
      const [made] = await suggest(ada);
      await bed.ask(RespondToSuggestion, { userId: ada, suggestionId: made!.id, response: 'connect' });
      await bed.ask(AnswerConnectionRequest, { userId: sam, suggestionId: made!.id, answer: 'decline' });
      expect(await suggest(ada)).toEqual([]);
      await bed.sql("update team.connection_suggestions set request_answered_at = now() - interval '91 days' where id = $1", [made!.id]);
      expect(collaboratorIds(await suggest(ada))).toEqual([sam]);
    });
  });

  describe('blocks and exposure', () => {
    it('should keep a blocked pair apart both ways, and answer a request to someone who blocked you as if they were not there', async () => {
      const { company, ada, sam } = await team();
      const [made] = await suggest(ada);
      expect(await bed.ask(BlockColleague, { userId: sam, blockedUserId: ada })).toMatchObject({ userId: ada });
      await expect(bed.ask(RespondToSuggestion, { userId: ada, suggestionId: made!.id, response: 'connect' })).rejects.toMatchObject({ status: 404, message: 'Colleague not found' });
      expect(await suggest(ada)).toEqual([]);
      // The blocker is not suggested the person they blocked either.
      const expert = await bed.profile({ company, expertiseAreas: ['kubernetes'] });
      await bed.ask(BlockColleague, { userId: expert.userId, blockedUserId: sam });
      const samAsks = await bed.profile({ userId: sam, company, displayName: 'Sam Rivera', role: 'SRE', expertiseAreas: ['kubernetes'] });
      expect(collaboratorIds(await suggest(samAsks.userId))).not.toContain(expert.userId);
      // Someone outside the organisation cannot be blocked (nor learned about): 404.
      await expect(bed.ask(BlockColleague, { userId: ada, blockedUserId: (await team()).sam })).rejects.toMatchObject({ status: 404 });
      expect(await bed.ask(ListBlocks, { userId: sam })).toEqual({ items: [{ userId: ada, createdAt: expect.any(String) }], nextCursor: null });
      expect(await bed.ask(ListBlocks, { userId: ada })).toEqual({ items: [], nextCursor: null }); // never who blocked you
      // A page at a time, newest first; two at one microsecond are ordered by whom they block.
      const others = [(await bed.profile({ company })).userId, (await bed.profile({ company })).userId];
      for (const other of others) await bed.ask(BlockColleague, { userId: sam, blockedUserId: other });
      await bed.sql(`update team.blocks set created_at = '2030-01-01T00:00:00.000321Z' where blocker_id = $1 and blocked_id = any($2)`, [sam, others]);
      const all = await bed.ask(ListBlocks, { userId: sam });
      expect(all.items.map((block) => block.userId)).toEqual([...[...others].sort().reverse(), ada]);
      const first = await bed.ask(ListBlocks, { userId: sam, limit: 2 });
      expect(first.items).toEqual(all.items.slice(0, 2));
      expect(await bed.ask(ListBlocks, { userId: sam, limit: 2, cursor: first.nextCursor! })).toEqual({ items: all.items.slice(2), nextCursor: null });
      await expect(bed.ask(ListBlocks, { userId: sam, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      expect(await bed.ask(ListBlocksV1, { userId: sam })).toEqual({ items: all.items });
      for (const other of others) await bed.ask(UnblockColleague, { userId: sam, blockedUserId: other });
      await bed.ask(UnblockColleague, { userId: sam, blockedUserId: ada });
      await expect(bed.ask(UnblockColleague, { userId: sam, blockedUserId: ada })).rejects.toMatchObject({ status: 404 });
      expect(collaboratorIds(await suggest(ada))).toContain(sam);
    });

    it('should suggest nobody more often than the weekly cap', async () => {
      const { company, sam } = await team();
      const askers = [await bed.profile({ company }), await bed.profile({ company }), await bed.profile({ company })];
      expect(collaboratorIds(await suggest(askers[0]!.userId))).toEqual([sam]);
      expect(collaboratorIds(await suggest(askers[1]!.userId))).toEqual([sam]);
      expect(await suggest(askers[2]!.userId)).toEqual([]); // the cap here is 2
      await bed.sql("update team.connection_suggestions set created_at = now() - interval '8 days', updated_at = now() where suggested_collaborator_id = $1", [sam]);
      expect(collaboratorIds(await suggest(askers[2]!.userId))).toEqual([sam]);
    });

    it('should hold the weekly cap when many ask at the same moment', async () => {
      const { company, sam } = await team();
      const askers = await Promise.all(Array.from({ length: 6 }, () => bed.profile({ company })));
      const answers = await Promise.all(askers.map((asker) => suggest(asker.userId)));
      // Every asker would choose Sam; the cap (2 here, counting the founder's none) lets exactly two.
      expect(answers.filter((items) => collaboratorIds(items).includes(sam))).toHaveLength(2);
    });
  });

  describe('analytics and erasure', () => {
    it("should show an organisation's admins its success rate by reason, and nobody else", async () => {
      const { ada, sam } = await team();
      const [made] = await suggest(ada);
      await bed.ask(RespondToSuggestion, { userId: ada, suggestionId: made!.id, response: 'connect' });
      await bed.ask(AnswerConnectionRequest, { userId: sam, suggestionId: made!.id, answer: 'accept' });
      const analytics = await bed.ask(GetOrganisationAnalytics, { userId: ada });
      expect(analytics).toMatchObject({ members: 2, total: { suggested: 1, connected: 1, accepted: 1, declined: 0, expired: 0, successRate: 1 } });
      expect(analytics.byReason).toEqual([expect.objectContaining({ reasonType: 'expertise_match', suggested: 1, accepted: 1 })]);
      await expect(bed.ask(GetOrganisationAnalytics, { userId: sam })).rejects.toMatchObject({ status: 403 });
      await expect(bed.ask(GetOrganisationAnalytics, { userId: randomUUID() })).rejects.toMatchObject({ status: 404 });
      // What matching learns from was counted by the pair's features.
      const counts = await bed.sql<{ feature: string; suggested: number; accepted: number }>(
        'select feature, suggested, accepted from team.outcome_counts where organisation_id = $1 order by feature',
        [analytics.organisationId],
      );
      expect(counts).toEqual([
        { feature: 'all', suggested: 1, accepted: 1 },
        { feature: 'reason:expertise_match', suggested: 1, accepted: 1 },
      ]);
    });

    it('should erase membership and blocks either way, and an organisation its last member left', async () => {
      const { ada, sam } = await team();
      await bed.ask(BlockColleague, { userId: sam, blockedUserId: ada });
      const { id: organisationId } = await bed.ask(GetOrganisation, { userId: ada });
      for (const userId of [ada, sam]) await bed.send(UserDeleted, { userId, requestedAt: new Date().toISOString() });
      const left = async (sql: string) => Number((await bed.sql<{ n: string }>(sql, [organisationId]))[0]!.n);
      expect(await left('select count(*) as n from team.organisation_members where organisation_id = $1')).toBe(0);
      expect(await left('select count(*) as n from team.organisations where id = $1')).toBe(0);
      expect(Number((await bed.sql<{ n: string }>('select count(*) as n from team.blocks where blocker_id = $1 or blocked_id = $1', [ada]))[0]!.n)).toBe(0);
    });
  });
});
