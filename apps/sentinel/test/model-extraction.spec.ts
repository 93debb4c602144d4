import { randomUUID } from 'node:crypto';

import { NoteAdded } from '@tandem/contracts';
import { roleOf } from '@tandem/persistence';
import { startFakeOpenAI, transactionsHeldAcross, type FakeOpenAI } from '@tandem/testing';

import { outcome, startSentinel, type SentinelBed } from './support';

/** Extraction through the real @langchain/openai client against a local fake server, outside any transaction. */
describe('sentinel extraction through ChatOpenAI', () => {
  let fake: FakeOpenAI;
  let bed: SentinelBed;
  /** For each upstream request: the states of sentinel's connections at that moment. */
  const connectionsDuringModelCalls: string[][] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      // Held across the call: open as the model starts and still open while it thinks (libs/testing).
      onChatRequest: async () => void connectionsDuringModelCalls.push(await transactionsHeldAcross(bed.sql, { role: roleOf('sentinel'), database: bed.db.name })),
    });
    bed = await startSentinel({ LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseURL, LLM_MODEL: 'memory-test', LLM_API_KEY: 'test', LLM_MAX_RETRIES: '0' });
  });

  afterAll(async () => {
    await bed?.close();
    await fake?.close();
  });

  it("should store what the model read in a user's message, having held no transaction while it read", async () => {
    const note = { note: 'Plays the cello in a community orchestra', category: 'preference', confidence: 0.9, subject: null, replaces: null };
    // ChatOpenAI asks for structured output as a JSON schema (response_format), answered in the content.
    fake.replyToChat({ text: JSON.stringify({ notes: [note], emotion: null }) });

    const { outcomes } = await bed.say(randomUUID(), 'On Thursdays I play the cello with our community orchestra.');

    expect(outcomes.map((envelope) => outcome(NoteAdded, envelope).note.note)).toEqual(['Plays the cello in a community orchestra']);
    const requests = fake.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(requests.map((request) => (request.body.response_format as { json_schema?: { name?: string } }).json_schema?.name)).toEqual(['record_memory']);
    expect(connectionsDuringModelCalls).toHaveLength(1);
    expect(connectionsDuringModelCalls.flat()).toEqual([]);
  });

  it("should not ask the model about the coach's messages", async () => {
    const before = fake.requests.length;
    const { outcomes } = await bed.say(randomUUID(), 'You sound like someone who loves music.', { role: 'COACH' });
    expect(outcomes).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });
});
