import { OfflineCoachModel } from '@tandem/llm';

import { belowBaseline, evaluateAll, evaluateVersion, floorsFor, loadBaseline, loadConversations, saysWord, type PromptVersion, type VersionResult } from '../../../evals/coaching/harness';
import { seededPromptVersions } from '../../../evals/coaching/prompts';
import { ScriptedChatModel } from './scripted-chat-model';

/**
 * evals/coaching with the offline coach: every scripted conversation against every prompt version
 * chat's migrations seed (a fresh database, migrated). Fails when a version's score drops below its
 * committed floor (evals/coaching/baseline.json; npm run eval prints the table).
 */
describe('coaching quality (evals/coaching), offline', () => {
  let prompts: PromptVersion[];
  let results: VersionResult[];
  const conversations = loadConversations();
  const baseline = loadBaseline();

  beforeAll(async () => {
    prompts = await seededPromptVersions();
    results = await evaluateAll(new OfflineCoachModel(), prompts, conversations);
  }, 120_000);

  it('should cover every phase and every kind of check with at least 30 conversations', () => {
    expect(conversations.length).toBeGreaterThanOrEqual(30);
    expect(new Set(conversations.map((conversation) => conversation.phase))).toEqual(new Set(['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED']));
    const turns = conversations.flatMap((conversation) => conversation.turns);
    expect(turns.some((turn) => typeof turn.transition === 'string')).toBe(true);
    expect(turns.some((turn) => turn.transition === null)).toBe(true);
    expect(turns.some((turn) => turn.refuse?.length)).toBe(true);
    expect(turns.some((turn) => turn.recall?.length)).toBe(true);
    expect(turns.some((turn) => turn.listen?.length)).toBe(true);
  });

  it('should listen for words the user said, not words of the coach', () => {
    for (const conversation of conversations) {
      for (const [index, turn] of conversation.turns.entries()) {
        const said = conversation.turns
          .slice(0, index + 1)
          .map((earlier) => earlier.user)
          .join(' ');
        for (const word of turn.listen ?? []) expect({ conversation: conversation.name, turn: index + 1, word, said: saysWord(said, word) }).toMatchObject({ said: true });
      }
    }
  });

  it('should score every seeded prompt version, each held to a floor (its own, or the version before it)', () => {
    expect(prompts.length).toBeGreaterThanOrEqual(5);
    expect(results.map((result) => result.prompt)).toEqual(expect.arrayContaining(Object.keys(baseline)));
    for (const prompt of prompts) expect({ prompt: `${prompt.coachingPhase} v${prompt.version}`, held: floorsFor(baseline, prompt) !== undefined }).toMatchObject({ held: true });
    expect(floorsFor(baseline, { coachingPhase: 'INTEGRATION', version: 99 })?.from).toMatch(/^INTEGRATION v\d+$/);
  });

  it('should keep every offline score of every prompt version at or above the baseline', () => {
    expect(belowBaseline(results, baseline)).toEqual([]);
  });

  it('should never carry out an action the prompt in use does not allow', () => {
    for (const result of results) expect({ prompt: result.prompt, refusals: result.scores.refusals ?? 1 }).toEqual({ prompt: result.prompt, refusals: 1 });
  });

  it('should catch a model that moves on too early, proposes when it may not and does not listen', async () => {
    const model = new ScriptedChatModel({});
    model.script(
      { when: 'Skip the questions', pieces: ['Sure!'], toolCalls: [{ name: 'propose_identity', args: { category: 'CAREER', name: 'The Baker' } }] },
      { when: 'I run a small bakery', pieces: ['Great, on we go.'], toolCalls: [{ name: 'transition_phase', args: { toPhase: 'IDENTITY_CREATION' } }] },
    );
    const firstVersion = prompts.find((prompt) => prompt.coachingPhase === 'GET_TO_KNOW_YOU' && prompt.version === 1)!;
    const result = await evaluateVersion(
      model,
      prompts,
      firstVersion,
      conversations.filter((conversation) => conversation.name === 'gtky-03-wants-identity-now'),
    );
    expect(result.scores).toMatchObject({ refusals: 1, validity: 0.5, transitions: 2 / 3, listening: 0 });
    expect(result.failures).toEqual(
      expect.arrayContaining([expect.stringContaining('propose_identity refused (propose_identity is not allowed'), expect.stringContaining('expected no transition, got IDENTITY_CREATION')]),
    );
  });
});
