import { randomUUID } from 'node:crypto';

import {
  ChatActionSettled,
  ChatMessageCreated,
  CommandRejected,
  CorrectNote,
  EndConversation,
  ForgetNote,
  GoalChanged,
  ListNotes,
  NoteDeleted,
  NoteSuperseded,
  PostChatMessage,
  SearchNotes,
  TeamProfileSaved,
  exampleGoal,
  exampleNote,
  type DurableContract,
  type Envelope,
  type NoteView,
  type PayloadOf,
} from '@tandem/contracts';
import { parseCoachContext } from '@tandem/llm';
import { expectEventually } from '@tandem/testing';

import { estimateTokens } from '../src/context/context-budget';
import { FORGET_UNCONFIRMED } from '../src/turn/action-plan';
import { startFakeSentinel, type FakeSentinel } from './fake-sentinel';
import { newUser, startChat, type ChatBed } from './support';

/** Small budgets, so that a few summaries and notes overflow them (defaults in chat.config.ts). */
const EARLIER_CONVERSATIONS_BUDGET = 60;
const NOTES_ON_REQUEST_BUDGET = 200;

describe('the coach remembers across conversations', () => {
  let bed: ChatBed;
  let sentinel: FakeSentinel;

  beforeAll(async () => {
    bed = await startChat({
      env: { CHAT_CONTEXT_TOKENS_EARLIER_CONVERSATIONS: String(EARLIER_CONVERSATIONS_BUDGET), CHAT_CONTEXT_TOKENS_NOTES_ON_REQUEST: String(NOTES_ON_REQUEST_BUDGET), CHAT_MEMORY_TIMEOUT_MS: '3000' },
    });
    sentinel = await startFakeSentinel();
  });

  afterAll(async () => {
    await sentinel?.close();
    await bed?.close();
  });

  /** Posts a message and waits for the coach's reply; returns the system prompt the model was given. */
  async function turn(userId: string, content: string, userName?: string): Promise<{ system: string; conversationId: string; messageId: string; coachMessageId: string }> {
    const calls = bed.model.calls.length;
    const posted = await bed.ask(PostChatMessage, { userId, content, ...(userName ? { userName } : {}) });
    const { payload } = await bed.receivedOne(ChatMessageCreated, ({ message }) => message.inReplyTo === posted.messageId);
    const call = bed.model.calls.slice(calls).find((recorded) => recorded.messages.some((message) => message.text === content))!;
    return { system: call.system, conversationId: posted.conversationId, messageId: posted.messageId, coachMessageId: payload.message.id };
  }

  async function endWithSummary(userId: string, conversationId: string, opening: string, summary: string): Promise<void> {
    bed.model.script({ when: `User: ${opening}`, pieces: [summary] });
    await bed.ask(EndConversation, { userId, conversationId });
  }

  const note = (userId: string, text: string): NoteView => ({ ...exampleNote, id: randomUUID(), userId, note: text });

  it("should give a second conversation the first one's summary, the user's name and strengths, and their open goals", async () => {
    const userId = newUser();
    const first = await turn(userId, 'I teach maths and I dread Mondays.');
    await endWithSummary(userId, first.conversationId, 'I teach maths and I dread Mondays.', 'The user teaches maths and dreads Mondays.');
    await bed.publish(
      TeamProfileSaved,
      { userId, displayName: 'Sam Rivera', strengths: { primaryStrength: 'thinking', flowAttributes: ['strategic'], collaborationStyle: null }, updatedAt: new Date().toISOString() },
      { userId },
    );
    const goal = { ...exampleGoal, id: randomUUID(), userId, updatedAt: new Date().toISOString() };
    await bed.publish(GoalChanged, { goal }, { userId });
    await expectEventually(async () => {
      expect(await bed.sql('select display_name from chat.user_profiles where user_id = $1', [userId])).toEqual([{ display_name: 'Sam Rivera' }]);
      expect(await bed.sql('select title from chat.goal_snapshots where user_id = $1', [userId])).toEqual([{ title: goal.title }]);
    });
    // An older save does not overwrite a newer one.
    await bed.publish(TeamProfileSaved, { userId, displayName: 'Old Name', strengths: null, updatedAt: '2020-01-01T00:00:00.000Z' }, { userId });

    const second = await turn(userId, 'Back again after a hard week.');

    expect(second.conversationId).not.toBe(first.conversationId);
    expect(parseCoachContext(second.system)).toMatchObject({
      name: 'Sam Rivera',
      strengths: ['thinking (their leading AST strength)', 'strategic (flow attribute)'],
      earlierConversations: ['The user teaches maths and dreads Mondays.'],
      openGoals: [{ id: goal.id, title: goal.title }],
    });
    const [conversation] = await bed.sql<{ context_used: { earlierConversations?: number } }>('select context_used from chat.conversations where id = $1', [second.conversationId]);
    expect(conversation!.context_used.earlierConversations).toBe(1);
  });

  it("should call the user by their account's first name until a team profile names them", async () => {
    const userId = newUser();
    const first = await turn(userId, 'Hello there.', 'Ada');
    expect(parseCoachContext(first.system).name).toBe('Ada');

    await bed.publish(TeamProfileSaved, { userId, displayName: 'Ada Lovelace', strengths: null, updatedAt: new Date().toISOString() }, { userId });
    await expectEventually(async () => expect(await bed.sql('select display_name from chat.user_profiles where user_id = $1', [userId])).toEqual([{ display_name: 'Ada Lovelace' }]));
    const next = await turn(userId, 'And again.', 'Ada');
    expect(parseCoachContext(next.system).name).toBe('Ada Lovelace');
  });

  it('should keep the earlier conversations within their token budget, newest first', async () => {
    const userId = newUser();
    const summaries = ['first', 'second', 'third'].map(
      (nth) => `In the ${nth} session the user talked at length about their team, their manager, their commute and the evenings spent catching up on email.`,
    );
    for (const [index, summary] of summaries.entries()) {
      const opening = `Session number ${index + 1} starts here.`;
      const { conversationId } = await turn(userId, opening);
      await endWithSummary(userId, conversationId, opening, summary);
    }
    expect(estimateTokens(summaries[2]!)).toBeLessThan(EARLIER_CONVERSATIONS_BUDGET);
    expect(estimateTokens(summaries[1]! + summaries[2]!)).toBeGreaterThan(EARLIER_CONVERSATIONS_BUDGET);

    const { system } = await turn(userId, 'Hello again.');

    expect(parseCoachContext(system).earlierConversations).toEqual([summaries[2]]);
  });

  it("should give the user's notes as Note lines with their ids, more of them when the user asks what the coach remembers, within the budget", async () => {
    const userId = newUser();
    const notes = Array.from({ length: 30 }, (_, index) => note(userId, `Remembered fact number ${index + 1} about the user`));
    sentinel.notes.set(userId, notes);

    const usual = await turn(userId, 'I had a long day at work.');
    expect(sentinel.asked.filter(({ request }) => request.userId === userId)).toEqual([
      { subject: SearchNotes.subject, request: expect.objectContaining({ q: 'I had a long day at work.', limit: 5 }) },
    ]);
    expect(parseCoachContext(usual.system).notes).toEqual(notes.slice(0, 5).map(({ id, note: title }) => ({ id, title })));

    const asked = sentinel.asked.length;
    const asking = await turn(userId, 'What do you remember about me?');

    // The relevant ones first, then the newest, more of them.
    expect(sentinel.asked.slice(asked).filter(({ request }) => request.userId === userId)).toEqual(
      expect.arrayContaining([
        { subject: SearchNotes.subject, request: expect.objectContaining({ q: 'What do you remember about me?', limit: 5 }) },
        { subject: ListNotes.subject, request: expect.objectContaining({ limit: 30, includeHistory: false }) },
      ]),
    );
    const given = parseCoachContext(asking.system).notes!;
    // Each line costs its text, id and key: 30 of them would not fit in the budget.
    const lineTokens = estimateTokens(`Note: ${notes[0]!.id} ${notes[0]!.note}`);
    expect(30 * lineTokens).toBeGreaterThan(NOTES_ON_REQUEST_BUDGET);
    expect(given.length).toBeGreaterThan(5);
    expect(given.length).toBeLessThan(30);
    expect(given.length * lineTokens).toBeLessThanOrEqual(NOTES_ON_REQUEST_BUDGET);
    expect(given).toEqual(notes.slice(0, given.length).map(({ id, note: title }) => ({ id, title })));
  });

  it('should give the notes to the turn that answers the coach\'s question about one ("Shall I forget ...?" "Yes")', async () => {
    const userId = newUser();
    const sister = note(userId, 'Has a sister named Ana');
    sentinel.notes.set(userId, [note(userId, 'Teaches maths'), sister]);
    const question = `Shall I forget the note "${sister.note}"?`;
    bed.model.script({ when: 'Please drop the thing about Ana', pieces: [question] });
    await turn(userId, 'Please drop the thing about Ana.');

    const asked = sentinel.asked.length;
    const { system } = await turn(userId, 'Yes.');

    expect(sentinel.asked.slice(asked)).toEqual(
      expect.arrayContaining([
        { subject: SearchNotes.subject, request: expect.objectContaining({ userId, q: `${question}\nYes.` }) },
        { subject: ListNotes.subject, request: expect.objectContaining({ userId, limit: 30 }) },
      ]),
    );
    expect(parseCoachContext(system).notes).toContainEqual({ id: sister.id, title: sister.note });
  });

  describe('memory actions', () => {
    const actionsOf = (userId: string) =>
      bed.sql<{ type: string; status: string; parameters: unknown; result: unknown }>('select * from chat.actions where user_id = $1 order by created_at, position', [userId]);

    it('should refuse forget_note called straight away, before the coach named the note and the user confirmed: nothing reaches Sentinel, the reply reaches the user', async () => {
      const userId = newUser();
      const remembered = note(userId, 'Has a sister named Ana');
      sentinel.notes.set(userId, [remembered]);
      bed.model.script({ when: 'Forget the note about my sister', pieces: ["Done, I've forgotten that."], toolCalls: [{ name: 'forget_note', args: { noteId: remembered.id } }] });

      const { system, coachMessageId } = await turn(userId, 'Forget the note about my sister.');

      expect(parseCoachContext(system).notes).toContainEqual({ id: remembered.id, title: remembered.note });
      const { payload } = await bed.receivedOne(ChatMessageCreated, ({ message }) => message.id === coachMessageId);
      expect(payload.message.content).toBe("Done, I've forgotten that.");
      expect(payload.actions).toEqual([expect.objectContaining({ type: 'forget_note', status: 'REFUSED', result: { reason: FORGET_UNCONFIRMED } })]);
      // The command would have been written with the reply, in the same transaction.
      expect(await bed.sql("select id from chat.outbox where subject like 'cmd.%' and envelope->>'userId' = $1", [userId])).toEqual([]);
      expect(await actionsOf(userId)).toEqual([expect.objectContaining({ type: 'forget_note', status: 'REFUSED', command_message_id: null })]);
    });

    it('should send forget_note to Sentinel once the coach quoted the note and the user said yes, and settle it on sentinel.note.deleted', async () => {
      const userId = newUser();
      const remembered = note(userId, 'Has a sister named Ana');
      sentinel.notes.set(userId, [note(userId, 'Teaches maths'), remembered]);
      bed.model.script({ when: 'Please forget the thing about my sister', pieces: [`Just to check: shall I forget “${remembered.note}”?`] });
      await turn(userId, 'Please forget the thing about my sister.');
      expect(await bed.sql("select id from chat.outbox where subject like 'cmd.%' and envelope->>'userId' = $1", [userId])).toEqual([]);
      bed.model.script({ when: 'Yes, forget it', pieces: ["Done, I've forgotten that."], toolCalls: [{ name: 'forget_note', args: { noteId: remembered.id } }] });

      const { system } = await turn(userId, 'Yes, forget it please.');

      expect(bed.model.calls.at(-1)!.tools).toEqual(expect.arrayContaining(['forget_note', 'correct_note']));
      expect(system).toContain('first tell them which note you mean');
      const command = await bed.receivedOne(ForgetNote, (payload) => payload.userId === userId);
      expect(command.payload).toEqual({ userId, noteId: remembered.id });
      await bed.publish(NoteDeleted, { userId, noteId: remembered.id }, { userId, causationId: command.envelope.id });
      const settled = await bed.receivedOne(ChatActionSettled, (payload) => payload.userId === userId);
      expect(settled.payload.action).toMatchObject({ type: 'forget_note', status: 'SUCCEEDED', result: { event: NoteDeleted.type, noteId: remembered.id } });
    });

    it('should send correct_note with the new text and settle it on sentinel.note.superseded', async () => {
      const userId = newUser();
      const wrong = note(userId, 'Works as a teacher');
      sentinel.notes.set(userId, [wrong]);
      bed.model.script({ when: "That's not right", pieces: ['Thank you for telling me.'], toolCalls: [{ name: 'correct_note', args: { noteId: wrong.id, content: 'Works as a nurse' } }] });

      await turn(userId, "That's not right, I'm a nurse.");

      const command = await bed.receivedOne(CorrectNote, (payload) => payload.userId === userId);
      expect(command.payload).toEqual({ userId, noteId: wrong.id, note: 'Works as a nurse' });
      const corrected = { ...wrong, id: randomUUID(), note: 'Works as a nurse' };
      const superseded = { ...wrong, validTo: new Date().toISOString(), supersededBy: corrected.id };
      await bed.publish(NoteSuperseded, { note: corrected, superseded }, { userId, causationId: command.envelope.id });
      const settled = await bed.receivedOne(ChatActionSettled, (payload) => payload.userId === userId);
      expect(settled.payload.action).toMatchObject({ type: 'correct_note', status: 'SUCCEEDED', result: { noteId: corrected.id, supersededNoteId: wrong.id } });
    });

    it("should fail the action when Sentinel refuses a note that is not the user's, and refuse a note id that is not an id", async () => {
      const userId = newUser();
      const someoneElses = randomUUID();
      bed.model.script({
        when: 'That is not right about Leeds',
        pieces: ['Thank you.'],
        toolCalls: [
          { name: 'correct_note', args: { noteId: someoneElses, content: 'Lives in York' } },
          { name: 'correct_note', args: { noteId: 'the Leeds one', content: 'Lives in York' } },
        ],
      });

      await turn(userId, 'That is not right about Leeds, I live in York.');

      const command = await bed.receivedOne(CorrectNote, (payload) => payload.userId === userId);
      await bed.publish(CommandRejected, { userId, command: CorrectNote.type, reason: 'Note not found' }, { userId, causationId: command.envelope.id });
      await expectEventually(async () =>
        expect(await actionsOf(userId)).toEqual([
          expect.objectContaining({ type: 'correct_note', status: 'FAILED', result: { reason: 'Note not found' } }),
          expect.objectContaining({ type: 'correct_note', status: 'REFUSED', result: { reason: expect.stringMatching(/noteId/) } }),
        ]),
      );
    });
  });
});
