import { randomUUID } from 'node:crypto';

import { CreateCommitmentNow, GenerateReportNow } from '@tandem/contracts';
import { roleOf } from '@tandem/persistence';
import { startFakeOpenAI, transactionsHeldAcross, type FakeOpenAI } from '@tandem/testing';

import { startProgress, type ProgressBed } from './support';

/** A report's summary through the real @langchain/openai client against a local fake server, outside any transaction. */
describe('progress report summaries through ChatOpenAI', () => {
  let fake: FakeOpenAI;
  let bed: ProgressBed;
  /** For each upstream request: the states of progress's transactions held across it. */
  const connectionsDuringModelCalls: string[][] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI({
      // Held across the call: open as the model starts and still open while it thinks (libs/testing).
      onChatRequest: async () => void connectionsDuringModelCalls.push(await transactionsHeldAcross(bed.sql, { role: roleOf('progress'), database: bed.db.name })),
    });
    bed = await startProgress({ LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseURL, LLM_MODEL: 'report-test', LLM_API_KEY: 'test', LLM_MAX_RETRIES: '0' });
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
    await fake?.close();
  });

  it("should store the model's summary, written from the payload while no transaction was open", async () => {
    const userId = randomUUID();
    await bed.ask(CreateCommitmentNow, { userId, title: 'Stretch every evening', dueAt: new Date(Date.now() + 3_600_000).toISOString(), schedule: 'DAILY' });
    fake.replyToChat({ text: 'You set yourself one new commitment: a good start.' });

    const report = await bed.ask(GenerateReportNow, { userId, type: 'TWO_DAY' });

    expect(report.summary).toBe('You set yourself one new commitment: a good start.');
    const requests = fake.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(requests).toHaveLength(1);
    // The model was given the payload's figures.
    expect(JSON.stringify(requests[0]!.body)).toContain('\\"made\\":1');
    expect(connectionsDuringModelCalls).toHaveLength(1);
    expect(connectionsDuringModelCalls.flat()).toEqual([]);
  });
});
