import { energyLevel, matchCommitment, reportsFollowThrough, statedCommitment } from './progress-intent';
import { planCoachReply } from './coach-script';

const walk = { id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', title: 'Walk 20 minutes every morning' };
const journal = { id: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b', title: 'Journal before bed' };
const run = { id: '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c', title: 'Go for a run after work' };
const PROGRESS_TOOLS = new Set(['create_commitment', 'complete_commitment', 'log_energy', 'transition_phase']);

describe(statedCommitment.name, () => {
  it('should read what, how often and when from a stated commitment', () => {
    expect(statedCommitment('I will walk 20 minutes every morning.')).toEqual({ title: 'Walk 20 minutes every morning', schedule: 'DAILY', at: '08:00' });
    expect(statedCommitment("OK, I'm going to call my sister on Sunday at 6pm")).toEqual({ title: 'Call my sister on Sunday at 6pm', schedule: 'ONCE', at: '18:00' });
    expect(statedCommitment('I commit to journaling on weekdays before bed')).toEqual({ title: 'Journaling on weekdays before bed', schedule: 'WEEKDAYS', at: '21:30' });
  });

  it('should not take a vague or negative sentence for a commitment', () => {
    expect(statedCommitment("I'll think about it")).toBeUndefined();
    expect(statedCommitment('I will not do that')).toBeUndefined();
    expect(statedCommitment("I'll be fine")).toBeUndefined();
    expect(statedCommitment('I walked yesterday')).toBeUndefined();
  });
});

describe(matchCommitment.name, () => {
  it('should find the commitment the user did, by its words', () => {
    expect(reportsFollowThrough('I did my walk this morning')).toBe(true);
    expect(matchCommitment('I did my walk this morning', [walk, journal])).toEqual({ kind: 'one', commitment: walk });
    expect(matchCommitment('I walked for twenty minutes', [walk, run])).toEqual({ kind: 'one', commitment: walk });
  });

  it('should be ambiguous when the words fit several or name none among several', () => {
    expect(matchCommitment('I did it!', [walk, journal])).toEqual({ kind: 'ambiguous', candidates: [walk, journal] });
    expect(matchCommitment('I did it!', [walk])).toEqual({ kind: 'one', commitment: walk });
    expect(matchCommitment('I did my homework', [walk, journal])).toEqual({ kind: 'none' });
    expect(reportsFollowThrough("I didn't do my walk")).toBe(false);
  });
});

describe(energyLevel.name, () => {
  it('should read an energy level, and not any number', () => {
    expect(energyLevel('My energy is about a 4 today')).toBe(4);
    expect(energyLevel("I'm at 7/10")).toBe(7);
    expect(energyLevel('I feel like 3 out of 10')).toBe(3);
    expect(energyLevel('I will walk 20 minutes every morning')).toBeUndefined();
    expect(energyLevel('My energy dips after 3 pm')).toBeUndefined();
  });
});

describe('the offline coach and progress', () => {
  const plan = (said: string, openCommitments = [walk, journal], lastCoach?: string) =>
    planCoachReply({
      context: { phase: 'INTEGRATION', openCommitments },
      turns: [...(lastCoach ? [{ role: 'coach' as const, text: lastCoach, toolCalls: [] }] : []), { role: 'user', text: said, toolCalls: [] }],
      tools: PROGRESS_TOOLS,
    });

  it('should keep a stated commitment and confirm it, in any phase', () => {
    const reply = plan('I will walk 20 minutes every morning', []);
    expect(reply.toolCalls).toEqual([{ name: 'create_commitment', args: { title: 'Walk 20 minutes every morning', schedule: 'DAILY', at: '08:00' } }]);
    expect(reply.text).toContain("I'll hold you to that: “Walk 20 minutes every morning” (every day at 08:00)");
    const early = planCoachReply({ context: { phase: 'GET_TO_KNOW_YOU' }, turns: [{ role: 'user', text: "I'm going to read every evening", toolCalls: [] }], tools: PROGRESS_TOOLS });
    expect(early.toolCalls.map((call) => call.name)).toEqual(['create_commitment']);
  });

  it('should complete the matching commitment, and ask which one when it is ambiguous', () => {
    expect(plan('I did my walk this morning').toolCalls).toEqual([{ name: 'complete_commitment', args: { commitmentId: walk.id, note: 'I did my walk this morning' } }]);
    const ambiguous = plan('Done, I did it!');
    expect(ambiguous.toolCalls).toEqual([]);
    expect(ambiguous.text).toBe('Well done! Which one was it: “Walk 20 minutes every morning” or “Journal before bed”?');
    expect(plan('The journal', [walk, journal], ambiguous.text).toolCalls).toEqual([{ name: 'complete_commitment', args: { commitmentId: journal.id, note: 'The journal' } }]);
  });

  it('should record an energy level, and not call a tool the prompt does not allow', () => {
    expect(plan('My energy is a 3 today').toolCalls).toEqual([{ name: 'log_energy', args: { level: 3, note: 'My energy is a 3 today' } }]);
    const notAllowed = planCoachReply({ context: { phase: 'INTEGRATION' }, turns: [{ role: 'user', text: 'I will walk every morning', toolCalls: [] }], tools: new Set() });
    expect(notAllowed.toolCalls).toEqual([]);
  });
});
