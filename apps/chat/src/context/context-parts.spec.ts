import { exampleNote } from '@tandem/contracts';

import { estimateTokens } from './context-budget';
import { strengthLines, withinBudgets, type FoundContext } from './context-parts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const roomy = { profile: 1_000, notes: 1_000, earlierConversations: 1_000, progress: 1_000 };

function found(overrides: Partial<FoundContext> = {}): FoundContext {
  return {
    notes: [],
    progress: { openGoals: [], openCommitments: [], latestReport: null, insights: [] },
    profile: { name: null, strengths: null },
    summaries: [],
    ...overrides,
  };
}

describe(strengthLines.name, () => {
  it('should give the leading strength first, then the flow attributes and the collaboration style', () => {
    expect(strengthLines({ primaryStrength: 'feeling', flowAttributes: ['warm', 'patient'], collaborationStyle: 'supportive' })).toEqual([
      'feeling (their leading AST strength)',
      'warm (flow attribute)',
      'patient (flow attribute)',
      'supportive (collaboration style)',
    ]);
    expect(strengthLines(null)).toEqual([]);
  });
});

describe(withinBudgets.name, () => {
  it('should keep everything that fits', () => {
    const notes = [{ ...exampleNote, id: uuid(1) }];
    const context = found({ notes, profile: { name: 'Sam', strengths: { primaryStrength: 'acting', flowAttributes: [], collaborationStyle: null } }, summaries: ['Talked about Mondays.'] });

    expect(withinBudgets(context, roomy)).toMatchObject({ notes, profile: { name: 'Sam', strengths: ['acting (their leading AST strength)'] }, earlierConversations: ['Talked about Mondays.'] });
  });

  it('should keep the name before the strengths, and as many strengths as fit', () => {
    const strengths = { primaryStrength: 'thinking' as const, flowAttributes: ['strategic', 'methodical', 'curious'], collaborationStyle: 'analytical empathy' };
    const perLine = (text: string) => estimateTokens('Earlier conversation: ') + estimateTokens(text);
    const budget = perLine('Sam Rivera') + perLine('thinking (their leading AST strength)') + perLine('strategic (flow attribute)') + 2;

    expect(withinBudgets(found({ profile: { name: 'Sam Rivera', strengths } }), { ...roomy, profile: budget }).profile).toEqual({
      name: 'Sam Rivera',
      strengths: ['thinking (their leading AST strength)', 'strategic (flow attribute)'],
    });
    expect(withinBudgets(found({ profile: { name: 'Sam Rivera', strengths } }), { ...roomy, profile: 0 }).profile).toEqual({ name: null, strengths: [] });
  });

  it('should fit open commitments first (their prose line counting too), then goals only when every commitment fit', () => {
    const commitment = (n: number) => ({ id: uuid(n), title: `Walk for twenty minutes, number ${n}`, schedule: 'DAILY', dueAt: new Date('2026-12-01T07:00:00Z') });
    const goal = { id: uuid(99), title: 'Run a 10 km race' };
    const progress = { openGoals: [goal], openCommitments: [commitment(1), commitment(2)], latestReport: null, insights: [] };

    const all = withinBudgets(found({ progress }), roomy).progress;
    expect([all.openCommitments.length, all.openGoals]).toEqual([2, [goal]]);
    const tight = withinBudgets(found({ progress }), { ...roomy, progress: 60 }).progress;
    expect(tight.openCommitments).toEqual([commitment(1)]);
    expect(tight.openGoals).toEqual([]);
  });

  it('should keep the leading notes within the notes budget', () => {
    const notes = Array.from({ length: 10 }, (_, n) => ({ ...exampleNote, id: uuid(n), note: `Fact number ${n} about the user` }));
    const kept = withinBudgets(found({ notes }), { ...roomy, notes: 100 }).notes;

    expect(kept).toEqual(notes.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(10);
  });
});
