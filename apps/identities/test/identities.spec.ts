import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { z } from 'zod';

import {
  AcceptIdentity,
  AcceptIdentityNow,
  ArchiveIdentity,
  CommandRejected,
  CompleteIdentityRefinement,
  EditIdentity,
  GetIdentity,
  IdentityAccepted,
  IdentityArchived,
  IdentityProposed,
  IdentityRefinementCompleted,
  IdentityUpdated,
  ListIdentities,
  ListIdentitiesV1,
  ProposeIdentity,
  UpdateIdentity,
  UserDeleted,
  UserErased,
  type DurableContract,
  type Envelope,
  type IdentityView,
  type PayloadOf,
} from '@tandem/contracts';
import { BUS_NAMES, type BusNames, ContractViolationError, JETSTREAM, JETSTREAM_MANAGER, QueryRejectedError, envelopeHeaders, streamForSubject } from '@tandem/messaging';
import { schemaOf } from '@tandem/persistence';
import { expectEventually } from '@tandem/testing';

import { IdentityRepository } from '../src/identities/identity.repository';
import { OUTCOMES, startIdentities, type IdentitiesBed } from './support';

/** The columns the tests look at by name (whole rows are compared with toEqual). */
interface IdentityRow {
  user_id: string;
  state: string;
  name: string;
  archived_at: Date | null;
  test_scenario_id: string | null;
}

describe('identities service', () => {
  let bed: IdentitiesBed;

  beforeAll(async () => {
    bed = await startIdentities();
  });

  afterAll(async () => {
    await bed?.close();
  });

  /** Asserts an outcome is of the contract and returns its parsed payload. */
  function outcome<C extends DurableContract>(contract: C, envelope: Envelope): PayloadOf<C> {
    expect(envelope.type).toBe(contract.type);
    return contract.payload.parse(envelope.payload) as PayloadOf<C>;
  }

  async function propose(userId: string, fields: Partial<PayloadOf<typeof ProposeIdentity>> = {}): Promise<IdentityView> {
    const proposal = { userId, category: 'CAREER' as const, name: 'The Calm Leader', ...fields };
    return outcome(IdentityProposed, await bed.send(ProposeIdentity, proposal)).identity;
  }

  const rowOf = async (id: string) => (await bed.sql<IdentityRow>('select * from identities.identities where id = $1', [id]))[0];
  const ids = (items: IdentityView[]) => items.map((item) => item.id);

  describe('durable commands', () => {
    it('should propose an identity in PROPOSED, stored with the test scenario of its command', async () => {
      const userId = randomUUID();
      const testScenarioId = randomUUID();
      const envelope = await bed.send(ProposeIdentity, { userId, category: 'HEALTH', name: 'The Runner', affirmation: 'I run every morning.' }, { testScenarioId });

      const { identity } = outcome(IdentityProposed, envelope);
      expect(identity).toMatchObject({ userId, category: 'HEALTH', name: 'The Runner', affirmation: 'I run every morning.', visualization: null, state: 'PROPOSED', archived: false });
      expect(envelope.testScenarioId).toBe(testScenarioId);
      expect(await rowOf(identity.id)).toMatchObject({ user_id: userId, state: 'PROPOSED', test_scenario_id: testScenarioId });
    });

    it('should update, accept, complete refinement once affirmation and visualization are set, and archive', async () => {
      const userId = randomUUID();
      const { id: identityId } = await propose(userId);

      const updated = outcome(IdentityUpdated, await bed.send(UpdateIdentity, { userId, identityId, name: 'The Steady Leader' })).identity;
      expect(updated).toMatchObject({ name: 'The Steady Leader', state: 'PROPOSED' });
      expect(outcome(IdentityAccepted, await bed.send(AcceptIdentity, { userId, identityId })).identity.state).toBe('ACCEPTED');

      const refused = outcome(CommandRejected, await bed.send(CompleteIdentityRefinement, { userId, identityId }));
      expect(refused).toEqual({ userId, command: CompleteIdentityRefinement.type, reason: 'Refinement needs an affirmation and a visualization' });
      expect((await rowOf(identityId))?.state).toBe('ACCEPTED');

      await bed.send(UpdateIdentity, { userId, identityId, affirmation: 'I lead with calm.', visualization: 'I open Monday planning with a clear voice.' });
      const refined = outcome(IdentityRefinementCompleted, await bed.send(CompleteIdentityRefinement, { userId, identityId })).identity;
      expect(refined).toMatchObject({ state: 'REFINEMENT_COMPLETE', affirmation: 'I lead with calm.' });

      const archived = outcome(IdentityArchived, await bed.send(ArchiveIdentity, { userId, identityId })).identity;
      expect(archived).toMatchObject({ state: 'REFINEMENT_COMPLETE', archived: true });
      expect((await rowOf(identityId))?.archived_at).toBeInstanceOf(Date);
    });

    it('should refuse a repeated or backward move and leave the identity as it was', async () => {
      const userId = randomUUID();
      const { id: identityId } = await propose(userId);
      await bed.send(AcceptIdentity, { userId, identityId });
      const before = await rowOf(identityId);

      const refused = outcome(CommandRejected, await bed.send(AcceptIdentity, { userId, identityId }));
      expect(refused).toEqual({ userId, command: AcceptIdentity.type, reason: 'Only a proposed identity can be accepted; this one is ACCEPTED' });
      expect(await rowOf(identityId)).toEqual(before);
    });

    it.each([
      ['update', UpdateIdentity, { name: 'Stolen' }],
      ['accept', AcceptIdentity, {}],
      ['archive', ArchiveIdentity, {}],
    ] as const)("should refuse to %s another user's identity as not found, changing nothing", async (_name, contract, fields) => {
      const { id: identityId } = await propose(randomUUID());
      const before = await rowOf(identityId);
      const intruder = randomUUID();

      const refused = outcome(CommandRejected, await bed.send(contract, { userId: intruder, identityId, ...fields }));
      expect(refused).toEqual({ userId: intruder, command: contract.type, reason: 'Identity not found' });
      expect(await rowOf(identityId)).toEqual(before);
    });
  });

  describe('queries', () => {
    it('should list by category and state, leaving archived identities out unless asked', async () => {
      const userId = randomUUID();
      const career = await propose(userId, { category: 'CAREER' });
      const health = await propose(userId, { category: 'HEALTH' });
      const accepted = await propose(userId, { category: 'HEALTH' });
      await bed.send(AcceptIdentity, { userId, identityId: accepted.id });
      await bed.send(ArchiveIdentity, { userId, identityId: career.id });
      await propose(randomUUID(), { category: 'HEALTH' }); // someone else's

      const list = async (filter: Partial<PayloadOf<typeof ListIdentities>>) => ids((await bed.ask(ListIdentities, { userId, ...filter })).items);
      expect(await list({})).toEqual([health.id, accepted.id]);
      expect(await list({ category: 'HEALTH', state: 'ACCEPTED' })).toEqual([accepted.id]);
      expect(await list({ state: 'PROPOSED' })).toEqual([health.id]);
      expect(await list({ category: 'CAREER' })).toEqual([]);
      expect(await list({ category: 'CAREER', includeArchived: true })).toEqual([career.id]);
      expect(await list({ includeArchived: true })).toEqual([career.id, health.id, accepted.id]);
      const [archived] = (await bed.ask(ListIdentities, { userId, includeArchived: true })).items;
      expect(archived).toMatchObject({ id: career.id, archived: true, state: 'PROPOSED' });
    });

    it('should search by a word of the affirmation, best match first', async () => {
      const userId = randomUUID();
      // Proposed first, so only its rank (the word in its name too) can put it ahead of the later one.
      const strong = await propose(userId, { name: 'The Patience Keeper', affirmation: 'I answer with patience, even when tired.' });
      await propose(userId, { name: 'The Builder', affirmation: 'I ship small things every week.' });
      const weak = await propose(userId, { name: 'The Early Riser', affirmation: 'I meet each morning with patience.' });

      expect(ids((await bed.ask(ListIdentities, { userId, q: 'patience' })).items)).toEqual([strong.id, weak.id]);
      expect(ids((await bed.ask(ListIdentities, { userId, q: 'patience -tired' })).items)).toEqual([weak.id]);
    });

    it('should page with a cursor: every identity once, oldest first even at the same instant, ranked pages with q; 400 for a bad cursor', async () => {
      const userId = randomUUID();
      const made = [];
      for (const name of ['The Patient One', 'The Patient Builder', 'The Runner', 'The Patient Reader']) made.push(await propose(userId, { name }));
      // Two at one instant: the id breaks the tie, so no page repeats or skips one.
      await bed.sql('update identities.identities set created_at = $2 where id = $1', [made[2]!.id, made[1]!.createdAt]);
      const walk = async (filter: Partial<PayloadOf<typeof ListIdentities>>) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await bed.ask(ListIdentities, { userId, limit: 1, ...filter, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(1);
          seen.push(...ids(page.items));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seen;
      };
      const all = await bed.ask(ListIdentities, { userId });
      expect(all.nextCursor).toBeNull();
      expect(await walk({})).toEqual(ids(all.items));
      expect(new Set(ids(all.items))).toEqual(new Set(made.map((identity) => identity.id)));
      const ranked = ids((await bed.ask(ListIdentities, { userId, q: 'patient' })).items);
      expect(ranked).toHaveLength(3);
      expect(await walk({ q: 'patient' })).toEqual(ranked);
      await expect(bed.ask(ListIdentities, { userId, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      // Version 1, for callers from before pages: every identity, no cursor.
      expect(await bed.ask(ListIdentitiesV1, { userId })).toEqual({ items: all.items });
    });

    it("should answer 404 for another user's identity and for a missing one", async () => {
      const owner = randomUUID();
      const { id: identityId } = await propose(owner);
      const notFound = { name: QueryRejectedError.name, status: 404, message: 'Identity not found' };
      await expect(bed.ask(GetIdentity, { userId: randomUUID(), identityId })).rejects.toMatchObject(notFound);
      await expect(bed.ask(GetIdentity, { userId: owner, identityId: randomUUID() })).rejects.toMatchObject(notFound);
      await expect(bed.ask(EditIdentity, { userId: randomUUID(), identityId, name: 'Stolen' })).rejects.toMatchObject(notFound);
      expect((await bed.ask(GetIdentity, { userId: owner, identityId })).name).toBe('The Calm Leader');
    });

    it('should edit now, answering the identity as it is and announcing identity.updated', async () => {
      const userId = randomUUID();
      const { id: identityId, updatedAt } = await propose(userId);

      const edited = await bed.ask(EditIdentity, { userId, identityId, affirmation: 'I lead with calm.' });
      expect(edited).toMatchObject({ id: identityId, name: 'The Calm Leader', affirmation: 'I lead with calm.', state: 'PROPOSED' });
      expect(Date.parse(edited.updatedAt)).toBeGreaterThan(Date.parse(updatedAt));
      expect(await bed.ask(GetIdentity, { userId, identityId })).toEqual(edited);
      await expectEventually(() => expect(bed.received.filter((e) => e.type === IdentityUpdated.type).map((e) => outcome(IdentityUpdated, e).identity)).toContainEqual(edited));
    });

    it('should accept now once, then answer 409', async () => {
      const userId = randomUUID();
      const { id: identityId } = await propose(userId);
      expect((await bed.ask(AcceptIdentityNow, { userId, identityId })).state).toBe('ACCEPTED');
      await expect(bed.ask(AcceptIdentityNow, { userId, identityId })).rejects.toMatchObject({ name: QueryRejectedError.name, status: 409 });
    });

    it('should reject an invalid request with 400 at the service, and before sending at the client', async () => {
      const request = { userId: randomUUID(), identityId: 'not-a-uuid' };
      await expect(bed.ask(GetIdentity, request)).rejects.toBeInstanceOf(ContractViolationError);
      // A caller that skips its own validation still meets the service's.
      const unchecked = { ...GetIdentity, payload: z.unknown() } as unknown as typeof GetIdentity;
      await expect(bed.ask(unchecked, request)).rejects.toMatchObject({ name: QueryRejectedError.name, status: 400, message: expect.stringContaining('identityId') });
    });
  });

  describe('database', () => {
    it.each([
      ['state', "'DONE'", 'CAREER', 'identities_state_check'],
      ['category', "'PROPOSED'", 'HOBBIES', 'identities_category_check'],
    ])('should refuse a bad %s with its check constraint', async (_column, state, category, constraint) => {
      const insert = `insert into identities.identities (id, user_id, category, name, state) values ($1, $2, $3, 'x', ${state})`;
      await expect(bed.sql(insert, [randomUUID(), randomUUID(), category])).rejects.toMatchObject({ code: '23514', constraint });
    });

    it('should refuse REFINEMENT_COMPLETE without an affirmation and a visualization', async () => {
      const insert = "insert into identities.identities (id, user_id, category, name, state) values ($1, $2, 'CAREER', 'x', 'REFINEMENT_COMPLETE')";
      await expect(bed.sql(insert, [randomUUID(), randomUUID()])).rejects.toMatchObject({ code: '23514', constraint: 'identities_refinement_complete_check' });
    });

    it('should have the filter and full-text indexes', async () => {
      const indexes = await bed.sql<{ indexname: string; indexdef: string }>("select indexname, indexdef from pg_indexes where schemaname = 'identities' and tablename = 'identities'");
      const definition = Object.fromEntries(indexes.map((index) => [index.indexname, index.indexdef]));
      expect(definition.identities_user_id_category_idx).toMatch(/btree \(user_id, category\)/);
      expect(definition.identities_user_id_state_idx).toMatch(/btree \(user_id, state\)/);
      for (const name of ['identities_affirmation_gin_idx', 'identities_visualization_gin_idx', 'identities_search_gin_idx']) expect(definition[name]).toMatch(/USING gin/);
    });

    it("should be able to answer the repository's own search query from identities_search_gin_idx", async () => {
      const userId = randomUUID();
      await propose(userId, { affirmation: 'I lead with calm.' });
      const execute = jest.spyOn(Object.getPrototypeOf(bed.identities.get(EntityManager)) as EntityManager, 'execute');
      await bed.identities.get(IdentityRepository).list({ userId, q: 'calm', includeArchived: false });
      const [query, params] = execute.mock.calls.at(-1)! as unknown as [string, unknown[]];
      execute.mockRestore();

      // On a few rows the user_id btrees win; without them (dropped in a rolled-back transaction)
      // and without sequential scans, only a search document identical to the index's can use it.
      const pg = new Client({ connectionString: bed.db.adminUrl });
      await pg.connect();
      try {
        await pg.query('begin');
        await pg.query('set local enable_seqscan = off');
        await pg.query('drop index identities.identities_user_id_idx, identities.identities_user_id_category_idx, identities.identities_user_id_state_idx');
        let n = 0;
        const plan = await pg.query<{ 'QUERY PLAN': string }>(`explain ${query.replace(/\?/g, () => `$${++n}`)}`, params);
        expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Bitmap Index Scan on identities_search_gin_idx/);
      } finally {
        await pg.query('rollback');
        await pg.end();
      }
    });
  });

  describe('erasure', () => {
    /** Publishes a message the client sent once more, as JetStream would redeliver it; resolves once identities acked it. */
    async function redeliver(contract: DurableContract, messageId: string): Promise<void> {
      const [sent] = await bed.sql<{ envelope: Envelope }>(`select envelope from ${schemaOf('gateway')}.outbox where id = $1`, [messageId]);
      const envelope = sent!.envelope;
      const names = bed.client.get<BusNames>(BUS_NAMES);
      const published = await bed.client
        .get<JetStreamClient>(JETSTREAM)
        .publish(names.subject(contract.subject), JSON.stringify(envelope), { msgID: randomUUID(), headers: envelopeHeaders(envelope) });
      const jsm = bed.client.get<JetStreamManager>(JETSTREAM_MANAGER);
      const consumer = () => jsm.consumers.info(streamForSubject(names, contract.subject), names.durable('identities', contract.subject));
      await expectEventually(async () => expect((await consumer()).ack_floor.stream_seq).toBeGreaterThanOrEqual(published.seq));
    }

    it('should erase every identity of a deleted user, and only theirs, once per message', async () => {
      const [userId, other] = [randomUUID(), randomUUID()];
      await propose(userId);
      await propose(userId, { category: 'HEALTH' });
      const kept = await propose(other);

      const erased = await bed.send(UserDeleted, { userId, requestedAt: new Date().toISOString() });
      // Two identities and their first versions.
      expect(outcome(UserErased, erased)).toEqual({ userId, service: 'identities', erasedRows: 4 });
      expect(await bed.sql('select 1 from identities.identity_versions where user_id = $1', [userId])).toEqual([]);
      expect(await bed.sql('select id from identities.identities where user_id = $1', [userId])).toEqual([]);
      expect(await rowOf(kept.id)).toMatchObject({ user_id: other });
      // Queries about the erased user are refused by the tombstone, not merely empty; others still answered.
      await expect(bed.ask(ListIdentities, { userId })).rejects.toMatchObject({ status: 404 });
      expect((await bed.ask(ListIdentities, { userId: other })).items).toHaveLength(1);

      // A row written after the erasure shows whether a second delivery ran the handler again.
      const canary = randomUUID();
      await bed.sql("insert into identities.identities (id, user_id, category, name) values ($1, $2, 'CAREER', 'Canary')", [canary, userId]);
      await redeliver(UserDeleted, erased.causationId!);

      expect(await rowOf(canary)).toMatchObject({ name: 'Canary' });
      expect(await bed.sql("select id from identities.outbox where envelope->>'causationId' = $1", [erased.causationId])).toEqual([{ id: erased.id }]);
    });
  });

  describe('contracts', () => {
    it("should handle each consumed contract's example message", async () => {
      const userId = randomUUID();
      expect((await bed.send(ProposeIdentity, { ...ProposeIdentity.example, userId })).type).toBe(IdentityProposed.type);
      expect(outcome(UserErased, await bed.send(UserDeleted, { ...UserDeleted.example, userId }))).toEqual({ userId, service: 'identities', erasedRows: 2 });
    });

    // Runs last: checks every outcome the tests above caused.
    it('should send only outcomes that validate against their contracts, one of each kind at least', () => {
      const contractOf = new Map(OUTCOMES.map((contract) => [contract.type, contract]));
      for (const envelope of bed.received) {
        const contract = contractOf.get(envelope.type);
        expect(contract).toBeDefined();
        const parsed = contract!.payload.safeParse(envelope.payload);
        expect(parsed.error).toBeUndefined();
        expect(envelope.version).toBe(contract!.version);
      }
      expect(new Set(bed.received.map((envelope) => envelope.type))).toEqual(new Set(contractOf.keys()));
    });
  });
});
