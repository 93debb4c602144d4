import { randomUUID } from 'node:crypto';

import { CorrectNote, DeleteNote, EditNote, ListNotes, SearchMemory, SearchMemoryV1, UserDeleted, UserErased, type MemoryHit } from '@tandem/contracts';

import { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import { toSql } from 'pgvector';

import { MemorySweeper } from '../src/search/memory-sweeper';
import { indexName } from '../src/search/dedicated-index.repository';
import { outcome, startSentinel, type SentinelBed } from './support';

describe('sentinel episodic memory', () => {
  let bed: SentinelBed;

  beforeAll(async () => {
    // Dedicated indexes from 30 rows here, so a test can build one quickly; the sweeper runs when a test says.
    bed = await startSentinel({ SENTINEL_DEDICATED_INDEX_MIN_ROWS: '30', SENTINEL_SWEEP_INTERVAL_MS: '3600000' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const search = async (userId: string, q: string, limit = 5) => (await bed.ask(SearchMemory, { userId, q, limit })).items;
  const textOf = (hit: MemoryHit) => (hit.kind === 'note' ? hit.note.note : hit.episode.content);
  const episodesOf = (userId: string) =>
    bed.sql<{ id: string; content: string; context: string | null }>('select id, content, context from sentinel.episodes where user_id = $1 order by said_at', [userId]);

  it('should keep every user message as an episode, with the two before it in the conversation as context, and no coach message', async () => {
    const userId = randomUUID();
    const conversationId = randomUUID();
    const at = (minutes: number) => new Date(Date.parse('2026-03-01T08:00:00Z') + minutes * 60_000).toISOString();
    const first = await bed.say(userId, 'My mum came up from Cornwall for the weekend.', { conversationId, createdAt: at(0) });
    await bed.say(userId, 'It was lovely.', { conversationId, createdAt: at(1) });
    await bed.say(userId, 'Coach says hello', { conversationId, createdAt: at(2), role: 'COACH' });
    await bed.say(userId, 'She lives in Falmouth, right by the harbour.', { conversationId, createdAt: at(3) });
    // Redelivered or said again with the same id: still one episode.
    await bed.say(userId, 'My mum came up from Cornwall for the weekend.', { id: first.message.id, conversationId, createdAt: at(0) });

    expect(await episodesOf(userId)).toEqual([
      { id: first.message.id, content: 'My mum came up from Cornwall for the weekend.', context: null },
      expect.objectContaining({ content: 'It was lovely.', context: 'My mum came up from Cornwall for the weekend.' }),
      expect.objectContaining({ content: 'She lives in Falmouth, right by the harbour.', context: 'My mum came up from Cornwall for the weekend.\nIt was lovely.' }),
    ]);
  });

  it('should find the message that answers a question that shares only some of its words, through its context too', async () => {
    const userId = randomUUID();
    const conversationId = randomUUID();
    for (const content of [
      'I went to a LGBTQ support group yesterday and it was so powerful.',
      'My mum came up from Cornwall.',
      'She lives in Falmouth, right by the harbour.',
      'Work was fine today.',
    ])
      await bed.say(userId, content, { conversationId });

    const [best] = await search(userId, 'Where does my mum live?', 1);
    expect(best).toMatchObject({ kind: 'episode', episode: { content: 'She lives in Falmouth, right by the harbour.', userId, conversationId } });
    // Every word need not match: "group" and "powerful" are not in the question.
    const hits = await search(userId, 'what happened at the support meeting?');
    expect(hits.map(textOf)).toContain('I went to a LGBTQ support group yesterday and it was so powerful.');
  });

  it('should answer notes and episodes in one list, one hit per message, best first', async () => {
    const userId = randomUUID();
    const { message } = await bed.say(userId, "Lucia's a park ranger at Rocky Mountain National Park.");
    const hits = await search(userId, 'park ranger');
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    // The note taken from the message and the message itself say the same: only the better ranked one stays.
    const source = hit!.kind === 'note' ? hit!.note.sourceMessageId : hit!.episode.id;
    expect(source).toBe(message.id);
    expect(hit!.score).toBeGreaterThan(0);
  });

  it("should never return another user's memory, however well it matches", async () => {
    const userId = randomUUID();
    const other = randomUUID();
    await bed.say(userId, 'I play bass in a band.');
    await bed.say(other, 'We rehearse in the garage on Wednesdays, bass and drums.');
    const hits = await search(userId, 'where does the band rehearse, garage Wednesdays', 50);
    expect(hits.map(textOf)).not.toContain('We rehearse in the garage on Wednesdays, bass and drums.');
    expect(hits.every((hit) => (hit.kind === 'note' ? hit.note.userId : hit.episode.userId) === userId)).toBe(true);
  });

  it("should keep each user's word counts exact through learning, edits, corrections and forgetting, and leave none once the user is erased", async () => {
    const userId = randomUUID();
    const other = randomUUID();
    // What the search reads (memory_word_counts, memory_row_counts) against the same counted from the rows themselves.
    const kept = async (id: string) => ({
      words: await bed.sql('select "lexeme", "rows" from sentinel.memory_word_counts where user_id = $1 order by "lexeme"', [id]),
      rows: (await bed.sql<{ rows: number }>('select "rows" from sentinel.memory_row_counts where user_id = $1', [id]))[0]?.rows ?? 0,
    });
    const counted = async (id: string) => {
      const rows = `select content_tsv as t from sentinel.episodes where user_id = $1 union all select note_tsv from sentinel.user_notes where user_id = $1 and valid_to is null`;
      return {
        words: await bed.sql(`select l as "lexeme", count(*)::int as "rows" from (${rows}) as r, unnest(tsvector_to_array(r.t)) as l group by l order by l`, [id]),
        rows: Number((await bed.sql<{ n: string }>(`select count(*) as n from (${rows}) as r`, [id]))[0]!.n),
      };
    };
    await bed.say(userId, 'I work as a nurse at St Mary and I love climbing.');
    await bed.say(userId, 'My sister Ana lives in Porto, by the river.');
    await bed.say(other, 'I love climbing in Porto with my sister.');
    const learned = await kept(userId);
    expect(learned.rows).toBeGreaterThanOrEqual(3);
    expect(learned.words).toContainEqual({ lexeme: 'porto', rows: expect.any(Number) });
    expect(learned).toEqual(await counted(userId));

    const { items: notes } = await bed.ask(ListNotes, { userId });
    const nurse = notes.find((note) => note.note.includes('nurse'))!;
    const climbing = notes.find((note) => note.note.includes('climbing'))!;
    await bed.ask(EditNote, { userId, noteId: nurse.id, note: 'Works as a midwife at St Mary' });
    expect((await kept(userId)).words).toContainEqual({ lexeme: 'midwif', rows: 1 });
    await bed.send(CorrectNote, { userId, noteId: climbing.id, note: 'Loves bouldering, not climbing' });
    await bed.ask(DeleteNote, { userId, noteId: nurse.id });
    expect(await kept(userId)).toEqual(await counted(userId));
    expect(await kept(other)).toEqual(await counted(other));

    await bed.send(UserDeleted, { userId, requestedAt: new Date().toISOString() });
    expect(await kept(userId)).toEqual({ words: [], rows: 0 });
    expect((await kept(other)).rows).toBeGreaterThan(0);
  });

  it('should page the ranking with an offset cursor: the pages put together are the ranking; 400 for a bad cursor', async () => {
    const userId = randomUUID();
    for (const content of ['I climb with Ana on Sundays.', 'Ana is my sister.', 'I love climbing outdoors.', 'The gym is near the harbour.']) await bed.say(userId, content);
    const q = 'climbing with my sister Ana at the gym';
    const ranked = await bed.ask(SearchMemory, { userId, q, limit: 50 });
    expect(ranked.nextCursor).toBeNull();
    expect(ranked.items.length).toBeGreaterThan(2);
    const seen: MemoryHit[] = [];
    let cursor: string | undefined;
    do {
      const page = await bed.ask(SearchMemory, { userId, q, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map(textOf)).toEqual(ranked.items.map(textOf));
    await expect(bed.ask(SearchMemory, { userId, q, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
    expect((await bed.ask(SearchMemoryV1, { userId, q, limit: 2 })).items.map(textOf)).toEqual(ranked.items.slice(0, 2).map(textOf));
  });

  it('should answer 400 for an empty question', async () => {
    await expect(bed.ask(SearchMemory, { userId: randomUUID(), q: ' ' })).rejects.toMatchObject({ name: 'ContractViolationError' });
  });

  it('should build a dedicated index for a user with many rows, search it as exactly as a full scan, and drop it once the user is erased', async () => {
    const userId = randomUUID();
    const conversationId = randomUUID();
    const topics = ['climbing', 'guitar', 'garden', 'school', 'football', 'cooking', 'painting', 'chess'];
    for (let i = 0; i < 40; i++) await bed.say(userId, `Day ${i}: spent the evening on ${topics[i % topics.length]} with friend number ${i}.`, { conversationId });
    // And as many notes (their vectors the messages'): user_notes also has the shared HNSW index, which the search must not walk for this user.
    await bed.sql(
      `insert into sentinel.user_notes (id, user_id, note, category, confidence, embedding, embedding_model, embedding_dimensions)
       select gen_random_uuid(), user_id, 'Enjoys evenings of ' || split_part(split_part(content, ' on ', 2), ' with', 1), 'preference', 0.8, embedding, embedding_model, embedding_dimensions
         from sentinel.episodes where user_id = $1`,
      [userId],
    );
    const sweeper = bed.sentinel.get(MemorySweeper);
    const exact = await search(userId, 'an evening of chess with a friend', 10);

    await sweeper.sweep();
    const index = indexName(userId, 'episodes');
    const [built] = await bed.sql<{ indexdef: string }>("select indexdef from pg_indexes where schemaname = 'sentinel' and indexname = $1", [index]);
    expect(built?.indexdef).toContain(`USING hnsw (((l2_normalize(embedding))::vector(100)) vector_ip_ops) WITH (m='24', ef_construction='100') WHERE (user_id = '${userId}'::uuid)`);
    expect(await bed.sql('select table_name, ready from sentinel.dedicated_vector_indexes where user_id = $1 order by table_name', [userId])).toEqual([
      { table_name: 'episodes', ready: true },
      { table_name: 'user_notes', ready: true },
    ]);
    // A second sweep (another replica, say) builds nothing again.
    await sweeper.sweep();
    expect(await bed.sql('select 1 from sentinel.dedicated_vector_indexes where user_id = $1', [userId])).toHaveLength(2);
    expect((await search(userId, 'an evening of chess with a friend', 10)).map(textOf)).toEqual(exact.map(textOf));

    // A walk that comes back short gives way to the exact scan. Forced onto the index with a
    // candidate list of one and no iterative scan, the walk alone finds one row; the search's
    // function still answers the exact ten.
    const [sample] = await bed.sql<{ embedding: string; model: string }>('select embedding::text as embedding, embedding_model as model from sentinel.episodes where user_id = $1 limit 1', [userId]);
    const { embedding, model } = sample!;
    const exactKeys = await bed.sql<{ key: string }>(
      `select 'episode:' || id as key from (select id, embedding <=> $3::vector as distance from sentinel.episodes where user_id = $1 and embedding_model = $2 order by 2, 1 limit 10) as e`,
      [userId, model, embedding],
    );
    const nearest = (tx: EntityManager) => tx.execute<Array<{ key: string }>>(`select key from sentinel.memory_nearest(?, ?, ?::vector, 10, 20) where list = 'episodes'`, [userId, model, embedding]);
    await bed.sentinel
      .get(EntityManager)
      .fork()
      .transactional(async (tx) => {
        await tx.execute('set local hnsw.ef_search = 1; set local hnsw.iterative_scan = off; set local enable_seqscan = off; set local enable_bitmapscan = off; set local enable_sort = off');
        const walked = await tx.execute(
          `select id from sentinel.episodes where user_id = ? and embedding_model = ? order by (l2_normalize(embedding)::vector(100)) <#> l2_normalize(?::vector) limit 20`,
          [userId, model, embedding],
        );
        expect(walked).toHaveLength(1);
        expect(await nearest(tx)).toEqual(exactKeys);
      });
    expect(await bed.sentinel.get(EntityManager).fork().transactional(nearest)).toEqual(exactKeys);

    const erased = await bed.send(UserDeleted, { userId, requestedAt: new Date().toISOString() });
    expect(outcome(UserErased, erased[0]).erasedRows).toBeGreaterThanOrEqual(80);
    expect(await episodesOf(userId)).toEqual([]);
    await sweeper.sweep();
    expect(await bed.sql("select 1 from pg_indexes where schemaname = 'sentinel' and indexname = $1", [index])).toEqual([]);
    expect(await bed.sql('select 1 from sentinel.dedicated_vector_indexes where user_id = $1', [userId])).toEqual([]);
  });

  it("should hold the walk's HNSW settings for memory_nearest's statement, or its caller's transaction, never for the connection", async () => {
    const settings = `select current_setting('hnsw.ef_search') as "efSearch", current_setting('hnsw.iterative_scan') as "scan"`;
    const nearest = [`select * from sentinel.memory_nearest($1, 'any model', $2::vector, 10, 20, 7)`, [randomUUID(), toSql(Array.from({ length: 100 }, () => 0.1))]] as const;
    await bed.sentinel
      .get(EntityManager)
      .getConnection()
      .getClient()
      .connection()
      .execute(async (connection) => {
        const run = async (sql: string, params: readonly unknown[] = []) => (await connection.executeQuery(CompiledQuery.raw(sql, [...params]))).rows;
        await run(`select '[1]'::vector`); // pgvector's settings exist once it is loaded
        const defaults = await run(settings);
        expect(defaults).not.toEqual([{ efSearch: '7', scan: 'relaxed_order' }]);
        await run(...nearest);
        expect(await run(settings)).toEqual(defaults);
        await run('begin');
        await run(...nearest);
        expect(await run(settings)).toEqual([{ efSearch: '7', scan: 'relaxed_order' }]);
        await run('commit');
        expect(await run(settings)).toEqual(defaults);
      });
  });
});
