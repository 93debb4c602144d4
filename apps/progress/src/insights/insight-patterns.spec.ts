import { findInsights, higherEnergyOnKeptDays, lowEnergyAfterMissed, lowEnergyOnTopicDays, missesOnOneWeekday, type DayEnergy, type DayNote, type DayOccurrence } from './insight-patterns';

let ids = 0;
const id = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
/** 2026-11-23 is a Monday. */
const dayOf = (offset: number) => new Date(Date.UTC(2026, 10, 23 + offset)).toISOString().slice(0, 10);
const weekdayOf = (offset: number) => (((offset % 7) + 7) % 7) + 1;
const occurrence = (offset: number, outcome: DayOccurrence['outcome'], title = 'A 20-minute walk'): DayOccurrence => ({
  occurrenceId: id(),
  commitmentId: 'walk',
  title,
  day: dayOf(offset),
  weekday: weekdayOf(offset),
  outcome,
});
const energy = (offset: number, level: number): DayEnergy => ({ energyId: id(), day: dayOf(offset), level });

describe(lowEnergyAfterMissed.name, () => {
  it('should find energy low on the days after a miss, with the misses and entries behind it', () => {
    const misses = [occurrence(0, 'MISSED'), occurrence(3, 'MISSED')];
    const low = [energy(1, 3), energy(4, 4)];
    const others = [energy(0, 7), energy(2, 6), energy(5, 8)];
    const found = lowEnergyAfterMissed([...misses, occurrence(2, 'COMPLETED')], [...low, ...others]);
    expect(found).toMatchObject({ kind: 'LOW_ENERGY_AFTER_MISSED', statement: expect.stringContaining('3.5 on average, against 7 on other days') });
    expect(found!.evidence.occurrenceIds).toEqual(misses.map((miss) => miss.occurrenceId));
    expect(found!.evidence.energyIds.sort()).toEqual(low.map((entry) => entry.energyId).sort());
    expect(found!.evidence.figures).toEqual({ averageAfterMissed: 3.5, averageOtherDays: 7, daysAfterMissed: 2, otherDays: 3 });
  });

  it('should not fire when energy after a miss is as usual, or when there are too few days to compare', () => {
    const misses = [occurrence(0, 'MISSED'), occurrence(3, 'MISSED')];
    expect(lowEnergyAfterMissed(misses, [energy(1, 6), energy(4, 7), energy(0, 7), energy(2, 6)])).toBeNull();
    expect(lowEnergyAfterMissed(misses, [energy(1, 2), energy(0, 8), energy(2, 8)])).toBeNull(); // one day after a miss
    expect(lowEnergyAfterMissed([], [energy(1, 2), energy(2, 2), energy(3, 9), energy(4, 9)])).toBeNull();
  });
});

describe(higherEnergyOnKeptDays.name, () => {
  it('should find energy higher on days a commitment was kept, and not when it is the same', () => {
    const kept = [occurrence(0, 'COMPLETED'), occurrence(2, 'COMPLETED')];
    expect(higherEnergyOnKeptDays(kept, [energy(0, 8), energy(2, 9), energy(1, 5), energy(3, 6)])).toMatchObject({
      kind: 'HIGHER_ENERGY_ON_KEPT_DAYS',
      evidence: { figures: { averageKeptDays: 8.5, averageOtherDays: 5.5 } },
    });
    expect(higherEnergyOnKeptDays(kept, [energy(0, 6), energy(2, 6), energy(1, 6), energy(3, 5)])).toBeNull();
  });
});

describe(missesOnOneWeekday.name, () => {
  it('should find misses gathering on one weekday, naming the commitments', () => {
    const mondays = [occurrence(0, 'MISSED'), occurrence(7, 'MISSED', 'Journal'), occurrence(14, 'MISSED')];
    const found = missesOnOneWeekday([...mondays, occurrence(2, 'MISSED'), occurrence(1, 'COMPLETED')]);
    expect(found).toMatchObject({ kind: 'MISSES_ON_ONE_WEEKDAY', evidence: { figures: { weekday: 'Mondays', missedThatDay: 3, missedInAll: 4 } } });
    expect(found!.statement).toContain('"A 20-minute walk", "Journal"');
    expect(found!.evidence.occurrenceIds).toEqual(mondays.map((miss) => miss.occurrenceId));
  });

  it('should not fire for misses spread over the week, or too few of them', () => {
    expect(missesOnOneWeekday([occurrence(0, 'MISSED'), occurrence(1, 'MISSED'), occurrence(2, 'MISSED'), occurrence(3, 'MISSED')])).toBeNull();
    expect(missesOnOneWeekday([occurrence(0, 'MISSED'), occurrence(7, 'MISSED')])).toBeNull();
  });
});

describe(findInsights.name, () => {
  it('should find nothing in a steady, kept week', () => {
    const week = Array.from({ length: 7 }, (_, offset) => offset);
    expect(
      findInsights(
        week.map((offset) => occurrence(offset, 'COMPLETED')),
        week.map((offset) => energy(offset, 7)),
      ),
    ).toEqual([]);
  });
});

describe(lowEnergyOnTopicDays.name, () => {
  const note = (offset: number, category: string): DayNote => ({ noteId: id(), day: dayOf(offset), category });

  it('should find energy low on the days the user talks about one kind of thing, naming the topic with the largest drop and its notes', () => {
    const challenges = [note(1, 'challenge'), note(4, 'challenge')];
    const goals = [note(2, 'goal'), note(5, 'goal')];
    const days = [energy(0, 7), energy(1, 3), energy(2, 6), energy(3, 8), energy(4, 2), energy(5, 6)];
    const found = lowEnergyOnTopicDays([...challenges, ...goals], days);
    expect(found).toMatchObject({ kind: 'LOW_ENERGY_ON_TOPIC_DAYS', statement: expect.stringContaining('days you talk about your challenges: 2.5 on average, against 6.8 on other days') });
    expect(found!.evidence.noteIds).toEqual(challenges.map((entry) => entry.noteId));
    expect(found!.evidence.figures).toMatchObject({ topic: 'challenge', topicDays: 2, otherDays: 4 });
    expect(found!.tags).toEqual(['energy', 'notes', 'challenge']);
  });

  it('should not fire when energy is as usual on every topic’s days, or with no notes', () => {
    const days = [energy(0, 6), energy(1, 6), energy(2, 7), energy(3, 6)];
    expect(lowEnergyOnTopicDays([note(0, 'challenge'), note(1, 'challenge')], days)).toBeNull();
    expect(lowEnergyOnTopicDays([], days)).toBeNull();
    expect(findInsights([], days, []).map((insight) => insight.kind)).not.toContain('LOW_ENERGY_ON_TOPIC_DAYS');
  });
});
