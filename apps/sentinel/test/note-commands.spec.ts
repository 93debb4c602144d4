import { CommandRejected, CorrectNote, ForgetNote, ListNotes, NoteAdded, NoteDeleted, NoteSuperseded, SearchNotes } from '@tandem/contracts';

import { expectValidOutcomes, outcome, startSentinel, type SentinelBed } from './support';

describe("the coach's memory actions (forget_note, correct_note) in Sentinel", () => {
  let bed: SentinelBed;
  let users = 0;

  beforeAll(async () => {
    bed = await startSentinel();
  });

  afterAll(async () => {
    expectValidOutcomes(bed?.received ?? []);
    await bed?.close();
  });

  const newUser = () => `6f1c2a7e-3d4b-4e8f-9a1b-${String(++users).padStart(12, '0')}`;

  /** The user says something; resolves with the note Sentinel took from it. */
  async function learned(userId: string, content: string) {
    const { outcomes } = await bed.say(userId, content);
    return outcome(
      NoteAdded,
      outcomes.find((envelope) => envelope.type === NoteAdded.type),
    ).note;
  }

  it('should forget a note on ForgetNote, answering with sentinel.note.deleted caused by the command', async () => {
    const userId = newUser();
    const note = await learned(userId, 'I have a sister named Ana.');

    const [deleted, ...rest] = await bed.send(ForgetNote, { userId, noteId: note.id });

    expect(rest).toEqual([]);
    expect(outcome(NoteDeleted, deleted)).toEqual({ userId, noteId: note.id });
    expect(await bed.sql('select id from sentinel.user_notes where id = $1', [note.id])).toEqual([]);
  });

  it('should correct a note on CorrectNote: a new current note in the user’s words supersedes it, the old one kept as history', async () => {
    const userId = newUser();
    const wrong = await learned(userId, 'I work as a teacher at Hillside School.');

    const [answer, ...rest] = await bed.send(CorrectNote, { userId, noteId: wrong.id, note: 'Works as a nurse at the city hospital' });

    expect(rest).toEqual([]);
    const { note: corrected, superseded } = outcome(NoteSuperseded, answer);
    expect(corrected).toMatchObject({ userId, note: 'Works as a nurse at the city hospital', category: wrong.category, confidence: 1, validTo: null, sourceMessageId: null });
    expect(superseded).toMatchObject({ id: wrong.id, note: wrong.note, validTo: expect.any(String), supersededBy: corrected.id });
    const current = await bed.ask(ListNotes, { userId });
    expect(current.items.map((note) => note.note)).toEqual(['Works as a nurse at the city hospital']);
    const withHistory = await bed.ask(ListNotes, { userId, includeHistory: true });
    expect(withHistory.items.map((note) => note.id).sort()).toEqual([corrected.id, wrong.id].sort());
    // The correction is searchable by its own words (it was embedded and indexed).
    expect((await bed.ask(SearchNotes, { userId, q: 'nurse hospital', limit: 5 })).items.map((note) => note.id)).toEqual([corrected.id]);
  });

  it("should refuse another user's note, and a correction of history, with command.rejected, changing nothing", async () => {
    const [owner, stranger] = [newUser(), newUser()];
    const note = await learned(owner, 'I live in Leeds with my partner.');

    const [forgetRefused] = await bed.send(ForgetNote, { userId: stranger, noteId: note.id });
    expect(outcome(CommandRejected, forgetRefused)).toEqual({ userId: stranger, command: ForgetNote.type, reason: 'Note not found' });
    const [correctRefused] = await bed.send(CorrectNote, { userId: stranger, noteId: note.id, note: 'Lives in York' });
    expect(outcome(CommandRejected, correctRefused)).toMatchObject({ userId: stranger, command: CorrectNote.type, reason: 'Note not found' });
    expect(await bed.sql('select note, valid_to from sentinel.user_notes where user_id = $1', [owner])).toEqual([{ note: note.note, valid_to: null }]);
    expect(await bed.sql('select id from sentinel.user_notes where user_id = $1', [stranger])).toEqual([]);

    await bed.send(CorrectNote, { userId: owner, noteId: note.id, note: 'Lives in York with their partner' });
    const [historyRefused] = await bed.send(CorrectNote, { userId: owner, noteId: note.id, note: 'Lives in Hull' });
    expect(outcome(CommandRejected, historyRefused).reason).toMatch(/history/);
  });
});
