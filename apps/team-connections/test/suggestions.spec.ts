import { randomUUID } from 'node:crypto';

import {
  AnswerConnectionRequest,
  CommandRejected,
  ConnectionAnswered,
  ConnectionRequested,
  ConnectionsSuggested,
  ListIncomingConnections,
  ListIncomingConnectionsV1,
  ListSuggestions,
  ListSuggestionsV1,
  RequestSuggestions,
  RespondToSuggestion,
  SuggestConnections,
  SuggestionConnected,
  SuggestionDeclined,
  SuggestionExpired,
  SuggestionViewed,
  UserDeleted,
  UserErased,
  type DurableContract,
  type Envelope,
  type PayloadOf,
  type SuggestionView,
} from '@tandem/contracts';
import { QueryRejectedError } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { SuggestionService } from '../src/suggestions/suggestion.service';
import { OUTCOMES, startTeamConnections, type TeamBed } from './support';

const CONTEXT = 'Private: our Kubernetes upgrade failed and my manager is upset';

describe('team-connections: suggestion lifecycle, expiry and erasure', () => {
  let bed: TeamBed;

  beforeAll(async () => {
    bed = await startTeamConnections();
  });

  afterAll(async () => {
    await bed?.close();
  });

  /** A requestor and a Kubernetes expert in a company of their own, and one suggestion between them. */
  async function suggestion(): Promise<{ requestor: string; collaborator: string; suggestion: SuggestionView }> {
    const company = `Acme ${randomUUID().slice(0, 8)}`;
    const requestor = await bed.profile({ company, displayName: 'Ada Lovelace', role: 'Product Manager', department: 'Product', strengths: { primaryStrength: 'thinking' } });
    const collaborator = await bed.profile({ company, displayName: 'Sam Rivera', role: 'SRE', expertiseAreas: ['kubernetes'], strengths: { primaryStrength: 'acting' } });
    const { items } = await bed.ask(RequestSuggestions, { userId: requestor.userId, context: CONTEXT });
    expect(items).toHaveLength(1);
    return { requestor: requestor.userId, collaborator: collaborator.userId, suggestion: items[0]! };
  }

  const respond = (userId: string, suggestionId: string, response: 'view' | 'connect' | 'decline') => bed.ask(RespondToSuggestion, { userId, suggestionId, response });
  const statusOf = async (id: string) => (await bed.sql<{ status: string }>('select status from team.connection_suggestions where id = $1', [id]))[0]?.status;
  const eventsAbout = (contract: DurableContract, suggestionId: string) =>
    bed.received.filter((envelope) => envelope.type === contract.type && (envelope.payload as { suggestion?: SuggestionView }).suggestion?.id === suggestionId);

  describe('lifecycle', () => {
    it('should move suggested -> viewed -> connected, announcing each move once, and tell the colleague without the context', async () => {
      const { requestor, collaborator, suggestion: made } = await suggestion();

      expect(await respond(requestor, made.id, 'view')).toMatchObject({ status: 'viewed', respondedAt: null });
      expect(await respond(requestor, made.id, 'view')).toMatchObject({ status: 'viewed' }); // again: nothing changes
      const connected = await respond(requestor, made.id, 'connect');
      expect(connected).toMatchObject({ status: 'connected', respondedAt: expect.any(String) });
      expect(await bed.ask(ListSuggestions, { userId: requestor, status: 'connected' })).toEqual({ items: [connected], nextCursor: null });

      await expectEventually(() => {
        expect(eventsAbout(SuggestionViewed, made.id)).toHaveLength(1);
        expect(eventsAbout(SuggestionConnected, made.id).map((envelope) => (envelope.payload as PayloadOf<typeof SuggestionConnected>).suggestion)).toEqual([connected]);
        expect(bed.received.filter((envelope) => envelope.type === ConnectionRequested.type && envelope.userId === collaborator)).toHaveLength(1);
      });
      const [requested] = bed.received.filter((envelope) => envelope.type === ConnectionRequested.type && envelope.userId === collaborator);
      const expected = {
        suggestionId: made.id,
        requestor: { userId: requestor, name: 'Ada Lovelace', role: 'Product Manager', department: 'Product' },
        reasonType: 'expertise_match',
        why: 'Ada Lovelace would like your help with kubernetes.',
        connectedAt: connected.respondedAt,
        status: 'pending',
        answeredAt: null,
      };
      expect(requested!.payload).toEqual({ userId: collaborator, connection: expected });
      expect(JSON.stringify(requested)).not.toMatch(/Private|manager is upset|thinking/i);
      expect(await bed.ask(ListIncomingConnections, { userId: collaborator })).toEqual({ items: [expected], nextCursor: null });
      expect(await bed.ask(ListIncomingConnections, { userId: requestor })).toEqual({ items: [], nextCursor: null });
      // Double opt-in: the colleague accepts, and the requestor hears it.
      expect(await bed.ask(AnswerConnectionRequest, { userId: collaborator, suggestionId: made.id, answer: 'accept' })).toMatchObject({ status: 'accepted' });
      await expectEventually(() => expect(eventsAbout(ConnectionAnswered, made.id).map((envelope) => (envelope.payload as { suggestion: SuggestionView }).suggestion.request)).toEqual(['accepted']));
    });

    it('should page suggestions and incoming requests with a cursor: each once, in a stable order; 400 for a bad cursor', async () => {
      const company = `Acme ${randomUUID().slice(0, 8)}`;
      const [ada, bea] = [
        await bed.profile({ company, displayName: 'Ada Lovelace', role: 'Product Manager', strengths: { primaryStrength: 'thinking' } }),
        await bed.profile({ company, displayName: 'Bea Stone', role: 'Designer', strengths: { primaryStrength: 'thinking' } }),
      ];
      for (const name of ['Sam Rivera', 'Kim Lee', 'Max Roe']) await bed.profile({ company, displayName: name, role: 'SRE', expertiseAreas: ['kubernetes'], strengths: { primaryStrength: 'acting' } });
      const made = (await bed.ask(RequestSuggestions, { userId: ada.userId, context: CONTEXT, limit: 3 })).items;
      expect(made).toHaveLength(3);
      const walk = async <T>(ask: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) => {
        const seen: T[] = [];
        let cursor: string | undefined;
        do {
          const page = await ask(cursor);
          expect(page.items.length).toBeLessThanOrEqual(1);
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seen;
      };
      const all = await bed.ask(ListSuggestions, { userId: ada.userId });
      expect(new Set(all.items.map((item) => item.id))).toEqual(new Set(made.map((item) => item.id)));
      expect(await walk((cursor) => bed.ask(ListSuggestions, { userId: ada.userId, limit: 1, ...(cursor ? { cursor } : {}) }))).toEqual(all.items);
      await expect(bed.ask(ListSuggestions, { userId: ada.userId, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      expect(await bed.ask(ListSuggestionsV1, { userId: ada.userId })).toEqual({ items: all.items });

      // Two requests to one colleague: Ada's and Bea's.
      const sam = made[0]!.collaborator.userId;
      await respond(ada.userId, made[0]!.id, 'connect');
      const beas = (await bed.ask(RequestSuggestions, { userId: bea.userId, context: CONTEXT, limit: 3 })).items.find((item) => item.collaborator.userId === sam)!;
      await respond(bea.userId, beas.id, 'connect');
      const incoming = await bed.ask(ListIncomingConnections, { userId: sam });
      expect(incoming.items.map((item) => item.requestor.userId)).toEqual([bea.userId, ada.userId]);
      expect(await walk((cursor) => bed.ask(ListIncomingConnections, { userId: sam, limit: 1, ...(cursor ? { cursor } : {}) }))).toEqual(incoming.items);
      await expect(bed.ask(ListIncomingConnections, { userId: sam, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      expect(await bed.ask(ListIncomingConnectionsV1, { userId: sam })).toEqual({ items: incoming.items });
    });

    it.each([
      ['connect', 'connect', 'Only a suggested or viewed suggestion can be connected; this one is connected'],
      ['connect', 'decline', 'Only a suggested or viewed suggestion can be declined; this one is connected'],
      ['decline', 'view', 'Only a new suggestion can be viewed; this one is declined'],
      ['decline', 'connect', 'Only a suggested or viewed suggestion can be connected; this one is declined'],
    ] as const)('should refuse %s then %s with 409 and a message, changing nothing', async (first, second, message) => {
      const { requestor, suggestion: made } = await suggestion();
      const settled = await respond(requestor, made.id, first);
      await expect(respond(requestor, made.id, second)).rejects.toMatchObject({ name: QueryRejectedError.name, status: 409, message });
      expect((await bed.ask(ListSuggestions, { userId: requestor })).items).toEqual([settled]);
    });

    it("should answer 404 for another user's suggestion, even the suggested colleague's", async () => {
      const { collaborator, suggestion: made } = await suggestion();
      for (const userId of [collaborator, randomUUID()]) {
        await expect(respond(userId, made.id, 'connect')).rejects.toMatchObject({ status: 404, message: 'Suggestion not found' });
        expect((await bed.ask(ListSuggestions, { userId })).items).toEqual([]);
      }
      expect(await statusOf(made.id)).toBe('suggested');
    });
  });

  describe('expiry', () => {
    const age = (id: string, hours: number) => bed.sql(`update team.connection_suggestions set created_at = now() - $2 * interval '1 hour' where id = $1`, [id, hours]);

    it('should expire open suggestions past their time, once, and leave younger and answered ones', async () => {
      const due = await suggestion();
      const viewedDue = await suggestion();
      const young = await suggestion();
      const answered = await suggestion();
      await respond(viewedDue.requestor, viewedDue.suggestion.id, 'view');
      await respond(answered.requestor, answered.suggestion.id, 'decline');
      for (const { suggestion: made } of [due, viewedDue, answered]) await age(made.id, 14 * 24 + 1);
      await age(young.suggestion.id, 14 * 24 - 1);

      // Two replicas sweeping at once split the work: every due suggestion expires exactly once.
      const service = bed.team.get(SuggestionService);
      const counts = await Promise.all([service.expireDue(), service.expireDue()]);
      expect(counts.reduce((a, b) => a + b)).toBe(2);
      expect(await statusOf(due.suggestion.id)).toBe('expired');
      expect(await statusOf(viewedDue.suggestion.id)).toBe('expired');
      expect(await statusOf(young.suggestion.id)).toBe('suggested');
      expect(await statusOf(answered.suggestion.id)).toBe('declined');
      await expect(respond(due.requestor, due.suggestion.id, 'connect')).rejects.toMatchObject({ status: 409, message: expect.stringContaining('this one is expired') });

      await expectEventually(() => {
        for (const { suggestion: made } of [due, viewedDue]) expect(eventsAbout(SuggestionExpired, made.id)).toHaveLength(1);
      });
      expect(eventsAbout(SuggestionExpired, young.suggestion.id)).toEqual([]);
      expect(await service.expireDue()).toBe(0);
    });

    it('should delete closed suggestions past the retention period, and only those', async () => {
      const old = await suggestion();
      const open = await suggestion();
      await respond(old.requestor, old.suggestion.id, 'decline');
      await bed.sql(`update team.connection_suggestions set created_at = now() - interval '400 days', updated_at = now() - interval '400 days' where id = any($1)`, [
        [old.suggestion.id, open.suggestion.id],
      ]);
      await bed.team.get(SuggestionService).purgeClosed();
      expect(await statusOf(old.suggestion.id)).toBeUndefined();
      expect(await statusOf(open.suggestion.id)).toBe('suggested');
    });
  });

  describe('erasure', () => {
    it("should erase a deleted user's profile and suggestions on both sides, and only theirs", async () => {
      const company = `Acme ${randomUUID().slice(0, 8)}`;
      const user = await bed.profile({ company, expertiseAreas: ['kubernetes'] });
      const colleague = await bed.profile({ company, expertiseAreas: ['watercolor painting'] });
      const [asked] = (await bed.ask(RequestSuggestions, { userId: user.userId, context: 'Who could help with watercolor painting for the office?' })).items;
      const [suggested] = (await bed.ask(RequestSuggestions, { userId: colleague.userId, context: CONTEXT })).items;
      expect([asked?.collaborator.userId, suggested?.collaborator.userId]).toEqual([colleague.userId, user.userId]);
      await respond(colleague.userId, suggested!.id, 'connect');
      const kept = await suggestion();

      const erased: Envelope = await bed.send(UserDeleted, { userId: user.userId, requestedAt: new Date().toISOString() });
      expect(UserErased.payload.parse(erased.payload)).toEqual({ userId: user.userId, service: 'team-connections', erasedRows: 5 }); // profile, 2 suggestions, membership, the invitation they joined with
      expect(await bed.sql('select id from team.user_profiles_extended where user_id = $1', [user.userId])).toEqual([]);
      expect(await bed.sql('select id from team.connection_suggestions where requestor_id = $1 or suggested_collaborator_id = $1', [user.userId])).toEqual([]);
      expect(await bed.ask(ListSuggestions, { userId: colleague.userId })).toEqual({ items: [], nextCursor: null });
      expect(await statusOf(kept.suggestion.id)).toBe('suggested');
      // Published events that named them went too; only the confirmation of the erasure itself remains.
      expect(await bed.sql('select id from team.outbox where strpos(envelope::text, $1) > 0', [user.userId])).toEqual([{ id: erased.id }]);
    });
  });

  describe('contracts', () => {
    it("should handle each consumed contract's example message", async () => {
      const company = `Acme ${randomUUID().slice(0, 8)}`;
      const { userId } = await bed.profile({ company });
      await bed.profile({ company, expertiseAreas: ['kubernetes'] });
      const suggested = await bed.send(SuggestConnections, { ...SuggestConnections.example, userId });
      expect(ConnectionsSuggested.payload.parse(suggested.payload).suggestions).toHaveLength(1);
      const erased = await bed.send(UserDeleted, { ...UserDeleted.example, userId });
      expect(UserErased.payload.parse(erased.payload)).toEqual({ userId, service: 'team-connections', erasedRows: 4 }); // profile, suggestion, membership, the invitation they joined with
    });

    // Runs last: checks every outcome the tests above caused.
    it('should send only outcomes that validate against their contracts, one of each kind at least', async () => {
      const { requestor, suggestion: made } = await suggestion();
      await respond(requestor, made.id, 'decline');
      await expectEventually(() => expect(eventsAbout(SuggestionDeclined, made.id)).toHaveLength(1));
      expect((await bed.send(SuggestConnections, { userId: randomUUID(), context: CONTEXT })).type).toBe(CommandRejected.type);
      const contractOf = new Map(OUTCOMES.map((contract) => [contract.type, contract]));
      for (const envelope of bed.received) {
        const contract = contractOf.get(envelope.type);
        expect(contract).toBeDefined();
        expect(contract!.payload.safeParse(envelope.payload).error).toBeUndefined();
        expect(envelope.version).toBe(contract!.version);
      }
      expect(new Set(bed.received.map((envelope) => envelope.type))).toEqual(new Set(contractOf.keys()));
    });
  });
});
