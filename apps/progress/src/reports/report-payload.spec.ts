import { buildReportPayload, energyTrend, notesThatChanged, type EnergyEntry, type NoteChangeEntry } from './report-payload';

const start = new Date('2026-11-23T00:00:00Z');
const end = new Date('2026-11-30T00:00:00Z');
const at = (day: number, level: number, source: EnergyEntry['source'] = 'USER'): EnergyEntry => ({ level, source, recordedAt: new Date(start.getTime() + day * 86_400_000) });

describe(energyTrend.name, () => {
  it('should see energy rising, falling or steady between the halves of the period', () => {
    expect(energyTrend([at(0, 3), at(1, 4), at(5, 6), at(6, 7, 'INFERRED')], start, end)).toEqual({
      entries: 4,
      average: 5,
      firstHalfAverage: 3.5,
      secondHalfAverage: 6.5,
      trend: 'RISING',
      inferredEntries: 1,
    });
    expect(energyTrend([at(0, 8), at(6, 5)], start, end).trend).toBe('FALLING');
    expect(energyTrend([at(0, 6), at(6, 6.5)], start, end).trend).toBe('STEADY');
  });

  it('should name no trend when one half has no entry', () => {
    expect(energyTrend([at(5, 6), at(6, 2)], start, end)).toMatchObject({ average: 4, firstHalfAverage: null, trend: null });
    expect(energyTrend([], start, end)).toMatchObject({ entries: 0, average: null, trend: null });
  });
});

describe(buildReportPayload.name, () => {
  it('should count what was committed, done and missed, per commitment, goal and identity', () => {
    const identityId = '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';
    const payload = buildReportPayload({
      days: 7,
      timeZone: 'Europe/Paris',
      periodStart: start,
      periodEnd: end,
      commitmentsMade: 2,
      outcomes: [
        { commitment_id: 'c1', title: 'Journal', goal_id: null, completed: 0, skipped: 1, missed: 2 },
        { commitment_id: 'c2', title: 'Walk', goal_id: 'g1', completed: 5, skipped: 0, missed: 1 },
      ],
      energy: [],
      goals: [{ id: 'g1', title: 'Feel fit', identity_id: identityId, life_area: 'HEALTH' }],
      noteChanges: [],
    });
    expect(payload.commitments).toMatchObject({ made: 2, due: 9, completed: 5, skipped: 1, missed: 3, rate: 0.63 });
    expect(payload.commitments.items.map((item) => item.title)).toEqual(['Walk', 'Journal']);
    expect(payload.goals).toEqual([{ goalId: 'g1', title: 'Feel fit', identityId, lifeArea: 'HEALTH', completed: 5, missed: 1 }]);
    expect(payload.identities).toEqual([{ identityId, goals: 1, completed: 5, missed: 1 }]);
  });
});

describe(notesThatChanged.name, () => {
  const change = (day: number, kind: NoteChangeEntry['change'], note: string | null): NoteChangeEntry => ({
    noteId: `00000000-0000-4000-8000-${String(day).padStart(12, '0')}`,
    change: kind,
    note,
    occurredAt: new Date(start.getTime() + day * 3_600_000),
  });

  it('should count each kind of change and name the latest ten, newest first, a forgotten note without its text', () => {
    const changes = [
      ...Array.from({ length: 9 }, (_, day) => change(day, 'ADDED', `fact ${day}`)),
      change(9, 'UPDATED', 'fact 0, refined'),
      change(10, 'SUPERSEDED', 'a newer fact'),
      change(11, 'DELETED', null),
    ];
    const notes = notesThatChanged(changes);
    expect(notes).toMatchObject({ added: 9, updated: 1, superseded: 1, deleted: 1 });
    expect(notes.items).toHaveLength(10);
    expect(notes.items.map((item) => item.note)).toEqual([null, 'a newer fact', 'fact 0, refined', 'fact 8', 'fact 7', 'fact 6', 'fact 5', 'fact 4', 'fact 3', 'fact 2']);
  });

  it('should say nothing changed when Sentinel learned nothing', () => {
    expect(notesThatChanged([])).toEqual({ added: 0, updated: 0, superseded: 0, deleted: 0, items: [] });
  });
});
