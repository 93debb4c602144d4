import { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import {
  ActivatePrompt,
  COACHING_PHASES,
  CreateKnowledge,
  CreatePromptVersion,
  DeleteKnowledge,
  ListPrompts,
  ListPromptsV1,
  SearchKnowledge,
  SearchKnowledgeV1,
  UpdateKnowledge,
  type PayloadOf,
} from '@tandem/contracts';
import { QueryRejectedError } from '@tandem/messaging';
import { OFFLINE_EMBEDDINGS_MODEL } from '@tandem/llm';

import { KnowledgeIndexer } from '../src/knowledge/knowledge-indexer';
import { KnowledgeSearch } from '../src/knowledge/knowledge-search';
import { newUser, startChat, type ChatBed } from './support';

describe('prompts and knowledge', () => {
  let bed: ChatBed;

  beforeAll(async () => {
    bed = await startChat();
  });

  afterAll(async () => {
    await bed?.close();
  });

  describe('prompts', () => {
    const PROGRESS = ['create_commitment', 'complete_commitment', 'log_energy'];
    const MEMORY = ['forget_note', 'correct_note'];
    it('should seed one active prompt per phase, with the actions each phase allows', async () => {
      const rows = await bed.sql<{ coaching_phase: string; version: number; allowed_actions: string[]; template: string }>(
        'select coaching_phase, version, allowed_actions, template from chat.prompts where is_active order by coaching_phase',
      );
      expect(Object.fromEntries(rows.map((row) => [row.coaching_phase, [row.version, row.allowed_actions]]))).toEqual({
        GET_TO_KNOW_YOU: [3, ['transition_phase', ...PROGRESS, ...MEMORY]],
        IDENTITY_CREATION: [3, ['propose_identity', 'update_identity', 'accept_identity', 'transition_phase', ...PROGRESS, ...MEMORY]],
        IDENTITY_REFINEMENT: [3, ['update_identity', 'complete_identity_refinement', 'transition_phase', 'create_goal', ...PROGRESS, ...MEMORY]],
        INTEGRATION: [4, ['transition_phase', 'update_identity', 'suggest_connection', 'create_goal', ...PROGRESS, ...MEMORY]],
        COMPLETED: [3, ['create_goal', ...PROGRESS, ...MEMORY]],
      });
      expect(rows.map((row) => row.coaching_phase).sort()).toEqual([...COACHING_PHASES].sort());
      for (const row of rows) expect(row.template).toMatch(/\{phase\}[\s\S]*\{identities\}[\s\S]*\{knowledge\}/);
    });

    it('should keep INTEGRATION version 1 and make version 2 its copy that also suggests colleagues', async () => {
      const [v1, v2] = await bed.sql<{ version: number; is_active: boolean; template: string }>(
        "select version, is_active, template from chat.prompts where coaching_phase = 'INTEGRATION' and version <= 2 order by version",
      );
      const sentence =
        'If they want help from someone at work with a real problem or project (they ask who could help, or want to talk to a colleague who knows about it), ' +
        'call suggest_connection with that problem in their own words; the suggestions reach them in the app, so do not name colleagues yourself.';
      expect([v1!.is_active, v2!.is_active]).toEqual([false, false]); // version 4 (the memory actions) is the active one
      expect(v2!.template).toBe(v1!.template.replace("\n\nThe user's identities:", `\n${sentence}\n\nThe user's identities:`));
    });

    it('should make each phase a new version that keeps commitments, follow-through and energy, the previous one kept', async () => {
      const rows = await bed.sql<{ coaching_phase: string; version: number; is_active: boolean; template: string }>(
        'select coaching_phase, version, is_active, template from chat.prompts order by coaching_phase, version',
      );
      for (const phase of COACHING_PHASES) {
        const versions = rows.filter((row) => row.coaching_phase === phase);
        const [before, progress] = versions.slice(-3, -1);
        expect([before!.is_active, progress!.is_active]).toEqual([false, false]);
        expect(progress!.template).toContain('call create_commitment');
        expect(progress!.template.replace(/\n?Whenever the user states[^\n]*/, '')).toBe(before!.template);
      }
    });

    it('should make each phase a new active version with the memory actions, telling the coach to confirm a note before forgetting it', async () => {
      const rows = await bed.sql<{ coaching_phase: string; version: number; is_active: boolean; template: string; allowed_actions: string[] }>(
        'select coaching_phase, version, is_active, template, allowed_actions from chat.prompts order by coaching_phase, version',
      );
      for (const phase of COACHING_PHASES) {
        const [before, latest] = rows.filter((row) => row.coaching_phase === phase).slice(-2);
        expect([before!.is_active, latest!.is_active]).toEqual([false, true]);
        expect(latest!.allowed_actions).toEqual([...before!.allowed_actions, ...MEMORY]);
        expect(latest!.template).toContain('first tell them which note you mean (its text) and ask them to confirm; only once they have confirmed, call forget_note');
        expect(latest!.template.replace(/\n?What you remember about the user is in the Note lines[^\n]*/, '')).toBe(before!.template);
      }
    });

    it('should refuse a second active prompt for a phase, and allow switching versions in one transaction', async () => {
      const insert = "insert into chat.prompts (id, coaching_phase, version, is_active, template) values (gen_random_uuid(), 'INTEGRATION', 5, $1, 'v5')";
      await expect(bed.sql(insert, [true])).rejects.toMatchObject({ code: '23505', constraint: 'prompts_one_active_per_phase_idx' });

      const pg = new Client({ connectionString: bed.db.adminUrl });
      await pg.connect();
      try {
        await pg.query('begin');
        await pg.query("update chat.prompts set is_active = false where coaching_phase = 'INTEGRATION'");
        await pg.query(insert, [true]);
        await pg.query('commit');
      } finally {
        await pg.end();
      }
      expect(await bed.sql("select version from chat.prompts where coaching_phase = 'INTEGRATION' and is_active")).toEqual([{ version: 5 }]);
    });

    it.each([
      ['a version that is not positive', "'COMPLETED', 0, '{}'", 'prompts_version_check'],
      ['an unknown phase', "'LATER', 3, '{}'", 'prompts_coaching_phase_check'],
      ['an action that does not exist', "'COMPLETED', 3, '{delete_user}'", 'prompts_allowed_actions_check'],
    ])('should refuse %s', async (_what, values, constraint) => {
      await expect(bed.sql(`insert into chat.prompts (id, coaching_phase, version, allowed_actions, template) values (gen_random_uuid(), ${values}, 'x')`)).rejects.toMatchObject({
        code: '23514',
        constraint,
      });
    });

    it('should refuse duplicate versions of a phase', async () => {
      await expect(bed.sql("insert into chat.prompts (id, coaching_phase, version, template) values (gen_random_uuid(), 'COMPLETED', 1, 'x')")).rejects.toMatchObject({
        code: '23505',
        constraint: 'prompts_coaching_phase_version_key',
      });
    });
  });

  describe('knowledge', () => {
    const search = (text: string) => bed.chat.get(KnowledgeSearch).relevantTo(bed.chat.get(EntityManager).fork(), text, 3);

    it('should embed every passage at start with the configured model', async () => {
      const rows = await bed.sql<{ embedding_model: string; embedding_dimensions: number }>('select embedding_model, embedding_dimensions from chat.coach_knowledge_base');
      expect(rows.length).toBeGreaterThanOrEqual(10);
      expect(new Set(rows.map((row) => `${row.embedding_model}/${row.embedding_dimensions}`))).toEqual(new Set([`${OFFLINE_EMBEDDINGS_MODEL}/100`]));
    });

    it.each([
      ['How do I write a good affirmation sentence?', 'Writing an affirmation'],
      ['Help me imagine a vivid scene of my day', 'Creating a visualization'],
      ['I feel stressed and overwhelmed by everything this week', 'Stress and overwhelm'],
      ['I missed my workout twice this week', 'Handling setbacks'],
      ['I keep forgetting my new habit, how do I attach it to my morning coffee?', 'Habit stacking'],
    ])('should find the most relevant passage first for "%s"', async (text, title) => {
      const found = await search(text);
      expect(found[0]!.title).toBe(title);
      expect(found.map((passage) => passage.distance)).toEqual([...found.map((passage) => passage.distance)].sort((a, b) => a - b));
    });

    it('should search through the HNSW index', async () => {
      const pg = new Client({ connectionString: bed.db.adminUrl });
      await pg.connect();
      try {
        await pg.query('begin');
        await pg.query('set local enable_seqscan = off');
        const vector = `[${Array.from({ length: 100 }, (_, i) => (i % 7) / 7).join(',')}]`;
        const plan = await pg.query<{ 'QUERY PLAN': string }>(
          `explain select id from chat.coach_knowledge_base where embedding_dimensions = 100 and embedding_model = $2 order by (embedding::vector(100)) <=> $1::vector(100) limit 3`,
          [vector, OFFLINE_EMBEDDINGS_MODEL],
        );
        expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using coach_knowledge_base_embedding_100_hnsw_idx/);
      } finally {
        await pg.query('rollback');
        await pg.end();
      }
    });

    it('should embed again only what another model embedded, whichever replica gets there first', async () => {
      const indexer = bed.chat.get(KnowledgeIndexer);
      expect(await indexer.embedMissing()).toBe(0);
      await bed.sql("update chat.coach_knowledge_base set embedding_model = 'an-older-model' where title = 'Habit stacking'");

      const [first, second] = await Promise.all([indexer.embedMissing(), indexer.embedMissing()]);
      expect(first + second).toBe(1);
      expect(await bed.sql("select embedding_model from chat.coach_knowledge_base where title = 'Habit stacking'")).toEqual([{ embedding_model: OFFLINE_EMBEDDINGS_MODEL }]);
    });
  });

  describe('admin requests', () => {
    const admin = newUser();
    const notFound = { name: QueryRejectedError.name, status: 404 };

    it('should add a prompt version, activate it, and list versions by phase, newest first', async () => {
      const template = 'You are Tandem, a check-in partner. Phase: {phase}. {identities} {knowledge}';
      const draft = await bed.ask(CreatePromptVersion, { userId: admin, coachingPhase: 'COMPLETED', template, allowedActions: [], activate: false });
      expect(draft).toMatchObject({ coachingPhase: 'COMPLETED', version: 4, isActive: false, template });

      const active = await bed.ask(ActivatePrompt, { userId: admin, promptId: draft.id });
      expect(active).toMatchObject({ id: draft.id, isActive: true });
      const listed = (await bed.ask(ListPrompts, { userId: admin, coachingPhase: 'COMPLETED' })).items;
      expect(listed.map((prompt) => [prompt.version, prompt.isActive])).toEqual([
        [4, true],
        [3, false],
        [2, false],
        [1, false],
      ]);
      const third = await bed.ask(CreatePromptVersion, { userId: admin, coachingPhase: 'COMPLETED', template, allowedActions: ['transition_phase'], activate: true });
      expect(third).toMatchObject({ version: 5, isActive: true, allowedActions: ['transition_phase'] });
      expect((await bed.ask(ListPrompts, { userId: admin })).items.filter((prompt) => prompt.isActive).map((prompt) => prompt.coachingPhase)).toEqual([...COACHING_PHASES]);
      await expect(bed.ask(ActivatePrompt, { userId: admin, promptId: newUser() })).rejects.toMatchObject(notFound);
    });

    /** Every item of a list, read a page of `limit` at a time. */
    async function walk<T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
      const seen: T[] = [];
      let cursor: string | undefined;
      do {
        const page = await read(cursor);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    }
    const cursorOf = (cursor?: string) => (cursor ? { cursor } : {});

    it('should page prompt versions by phase then newest version; 400 for a bad cursor; version 1 lists them all', async () => {
      const all = await bed.ask(ListPrompts, { userId: admin });
      expect(all.nextCursor).toBeNull();
      expect(all.items.map((prompt) => prompt.coachingPhase)).toEqual(
        [...all.items].sort((a, b) => COACHING_PHASES.indexOf(a.coachingPhase) - COACHING_PHASES.indexOf(b.coachingPhase)).map((prompt) => prompt.coachingPhase),
      );
      const paged = await walk((cursor) => bed.ask(ListPrompts, { userId: admin, limit: 2, ...cursorOf(cursor) }));
      expect(paged.map((prompt) => prompt.id)).toEqual(all.items.map((prompt) => prompt.id));
      const oneByOne = await walk((cursor) => bed.ask(ListPrompts, { userId: admin, coachingPhase: 'INTEGRATION', limit: 1, ...cursorOf(cursor) }));
      expect(oneByOne.map((prompt) => [prompt.coachingPhase, prompt.version])).toEqual(
        all.items.filter((prompt) => prompt.coachingPhase === 'INTEGRATION').map((prompt) => [prompt.coachingPhase, prompt.version]),
      );
      await expect(bed.ask(ListPrompts, { userId: admin, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      expect(await bed.ask(ListPromptsV1, { userId: admin })).toEqual({ items: all.items });
    });

    it('should page knowledge passages newest first to the microsecond, and by meaning with q; 400 for a bad cursor', async () => {
      // The seeded passages share one now() (microseconds a JS Date would drop): the id breaks the tie.
      const order = await bed.sql<{ id: string }>('select id from chat.coach_knowledge_base order by created_at desc, id desc');
      const [{ instants }] = (await bed.sql<{ instants: number }>('select count(distinct created_at)::int as instants from chat.coach_knowledge_base')) as [{ instants: number }];
      expect(instants).toBeLessThan(order.length);
      const newest = await walk((cursor) => bed.ask(SearchKnowledge, { userId: admin, limit: 4, ...cursorOf(cursor) }));
      expect(newest.map((passage) => passage.id)).toEqual(order.map((row) => row.id));
      const query: Omit<PayloadOf<typeof SearchKnowledge>, 'limit'> = { userId: admin, q: 'how do habits stick' };
      const ranked = await bed.ask(SearchKnowledge, { ...query, limit: 6 });
      const first = await bed.ask(SearchKnowledge, { ...query, limit: 3 });
      const second = await bed.ask(SearchKnowledge, { ...query, limit: 3, cursor: first.nextCursor! });
      expect([...first.items, ...second.items].map((passage) => passage.id)).toEqual(ranked.items.map((passage) => passage.id));
      await expect(bed.ask(SearchKnowledge, { userId: admin, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      expect(await bed.ask(SearchKnowledgeV1, { userId: admin, limit: 4 })).toEqual({ items: newest.slice(0, 4) });
    });

    it('should add, find by meaning, re-embed on change, and delete a knowledge passage', async () => {
      const created = await bed.ask(CreateKnowledge, {
        userId: admin,
        category: 'coaching_patterns',
        contentType: 'example_response',
        title: 'Gratitude journaling',
        content: 'Writing three things you are grateful for each evening lifts mood and sleep.',
        tags: ['gratitude'],
      });
      expect(created).toMatchObject({ title: 'Gratitude journaling', tags: ['gratitude'], embeddingModel: OFFLINE_EMBEDDINGS_MODEL });

      const found = await bed.ask(SearchKnowledge, { userId: admin, q: 'being thankful in a journal before bed', limit: 3 });
      expect(found.items[0]).toMatchObject({ id: created.id, distance: expect.any(Number) });
      expect((await bed.ask(SearchKnowledge, { userId: admin, limit: 1 })).items).toEqual([{ ...created, distance: null }]);

      const changed = await bed.ask(UpdateKnowledge, { userId: admin, knowledgeId: created.id, content: 'Naming one small win aloud at dinner builds a habit of noticing progress.' });
      expect(changed).toMatchObject({ content: expect.stringContaining('small win'), embeddingModel: OFFLINE_EMBEDDINGS_MODEL });
      expect((await bed.ask(SearchKnowledge, { userId: admin, q: 'noticing small wins at dinner', limit: 1 })).items[0]!.id).toBe(created.id);

      expect(await bed.ask(DeleteKnowledge, { userId: admin, knowledgeId: created.id })).toEqual({ deleted: true });
      await expect(bed.ask(DeleteKnowledge, { userId: admin, knowledgeId: created.id })).rejects.toMatchObject(notFound);
      await expect(bed.ask(UpdateKnowledge, { userId: admin, knowledgeId: created.id, title: 'Gone' })).rejects.toMatchObject(notFound);
    });
  });
});
