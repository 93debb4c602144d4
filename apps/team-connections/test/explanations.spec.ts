import { randomUUID } from 'node:crypto';

import { ListSuggestions, RequestSuggestions } from '@tandem/contracts';
import { roleOf } from '@tandem/persistence';
import { startFakeOpenAI, transactionsHeldAcross, type FakeOpenAI } from '@tandem/testing';

import { startTeamConnections, type TeamBed } from './support';

const CONTEXT = 'Our Kubernetes upgrade keeps failing';

describe('team-connections: explanations written by a configured model', () => {
  let bed: TeamBed;
  let model: FakeOpenAI;
  /** For each model call: the service's transactions held across it. */
  const heldTransactions: string[][] = [];

  beforeAll(async () => {
    model = await startFakeOpenAI({
      // Held across the call: open as the model starts and still open while it thinks (libs/testing).
      onChatRequest: async () => void heldTransactions.push(await transactionsHeldAcross(bed.sql, { role: roleOf('team-connections'), database: bed.db.name })),
    });
    bed = await startTeamConnections({ LLM_PROVIDER: 'openai', LLM_BASE_URL: model.baseURL, LLM_MODEL: 'fake-explainer', LLM_MAX_RETRIES: '0' });
  });

  afterAll(async () => {
    await bed?.close();
    await model?.close();
  });

  async function pair() {
    const company = `Acme ${randomUUID().slice(0, 8)}`;
    const ada = await bed.profile({ company, displayName: 'Ada Lovelace', strengths: { primaryStrength: 'thinking' } });
    await bed.profile({
      company,
      displayName: 'Sam Rivera',
      expertiseAreas: ['kubernetes', 'watercolor painting'],
      projectExperience: [{ project: 'Secret merger', summary: 'Confidential acquisition work' }],
      collaborationPreferences: { channels: ['pairing'], note: 'prefers not to be contacted on fridays' },
    });
    return ada.userId;
  }

  it("should use the model's sentence, having given it only what the template would say, with no transaction open", async () => {
    const ada = await pair();
    model.replyToChat({ text: 'Sam Rivera knows Kubernetes well and can help you get the upgrade through.' });
    const { items } = await bed.ask(RequestSuggestions, { userId: ada, context: CONTEXT });
    expect(items.map((item) => item.explanation)).toEqual(['Sam Rivera knows Kubernetes well and can help you get the upgrade through.']);
    expect((await bed.ask(ListSuggestions, { userId: ada })).items[0]!.explanation).toBe(items[0]!.explanation);

    const asked = JSON.stringify(model.requests.at(-1)!.body);
    expect(asked).toContain('kubernetes');
    expect(asked).not.toMatch(/watercolor|Secret merger|Confidential|fridays|pairing/); // what Sam did not share with Ada
    expect(heldTransactions).toEqual([[]]);
  });

  it('should fall back to the template when the model fails or answers out of shape', async () => {
    const ada = await pair();
    model.replyToChat({ status: 500 });
    expect((await bed.ask(RequestSuggestions, { userId: ada, context: CONTEXT })).items.map((item) => item.explanation)).toEqual(['Sam Rivera knows kubernetes, which your context is about.']);
    const other = await pair();
    model.replyToChat({ text: 'x'.repeat(500) });
    expect((await bed.ask(RequestSuggestions, { userId: other, context: CONTEXT })).items.map((item) => item.explanation)).toEqual(['Sam Rivera knows kubernetes, which your context is about.']);
  });
});
