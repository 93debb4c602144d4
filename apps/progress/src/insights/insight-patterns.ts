import type { InsightKind } from '@tandem/contracts';

/** A settled occurrence, on its local day (the user's time zone). */
export interface DayOccurrence {
  occurrenceId: string;
  commitmentId: string;
  title: string;
  day: string;
  /** 1 (Monday) to 7 (Sunday). */
  weekday: number;
  outcome: 'COMPLETED' | 'SKIPPED' | 'MISSED';
}

/** An energy entry, on its local day. */
export interface DayEnergy {
  energyId: string;
  day: string;
  level: number;
}

/** A note the user's messages gave Sentinel (learned, refined or replaced; forgotten ones are left out), on its local day. */
export interface DayNote {
  noteId: string;
  day: string;
  category: string;
}

export interface FoundInsight {
  kind: InsightKind;
  statement: string;
  tags: string[];
  /** What it rests on: the ids of the occurrences and energy entries, and the figures compared. */
  evidence: { occurrenceIds: string[]; energyIds: string[]; noteIds?: string[]; figures: Record<string, number | string> };
}

/** Days compared on each side before a difference counts, and how big it must be (energy points). */
export const MIN_DAYS = 2;
export const MIN_ENERGY_GAP = 1.5;
/** Misses before their weekday counts, how many must fall on one weekday, and what share of them. */
export const MIN_MISSES = 3;
export const MIN_SAME_WEEKDAY = 2;
export const WEEKDAY_SHARE = 0.6;

const WEEKDAYS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
const round1 = (value: number) => Math.round(value * 10) / 10;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Each local day's average energy and the entries behind it. */
function energyByDay(energy: DayEnergy[]): Map<string, { average: number; ids: string[] }> {
  const days = new Map<string, DayEnergy[]>();
  for (const entry of energy) days.set(entry.day, [...(days.get(entry.day) ?? []), entry]);
  return new Map([...days].map(([day, entries]) => [day, { average: mean(entries.map((entry) => entry.level)), ids: entries.map((entry) => entry.energyId) }]));
}

/**
 * Energy on the days in `marked` against the other days with energy: an insight when each side has
 * MIN_DAYS days and `marked` is lower by MIN_ENERGY_GAP or more (`higher`: higher by as much).
 */
function compareEnergy(energy: DayEnergy[], marked: Set<string>, higher: boolean): { on: number; off: number; days: string[]; ids: string[]; onDays: number; offDays: number } | null {
  const byDay = energyByDay(energy);
  const on = [...byDay].filter(([day]) => marked.has(day));
  const off = [...byDay].filter(([day]) => !marked.has(day));
  if (on.length < MIN_DAYS || off.length < MIN_DAYS) return null;
  const onAverage = round1(mean(on.map(([, day]) => day.average)));
  const offAverage = round1(mean(off.map(([, day]) => day.average)));
  const gap = higher ? onAverage - offAverage : offAverage - onAverage;
  if (gap < MIN_ENERGY_GAP) return null;
  return { on: onAverage, off: offAverage, days: on.map(([day]) => day), ids: on.flatMap(([, day]) => day.ids), onDays: on.length, offDays: off.length };
}

/** "Energy is low on days after a missed commitment." */
export function lowEnergyAfterMissed(occurrences: DayOccurrence[], energy: DayEnergy[]): FoundInsight | null {
  const missed = occurrences.filter((occurrence) => occurrence.outcome === 'MISSED');
  const after = new Set(missed.map((occurrence) => nextDay(occurrence.day)));
  const found = compareEnergy(energy, after, false);
  if (!found) return null;
  const behind = missed.filter((occurrence) => found.days.includes(nextDay(occurrence.day)));
  return {
    kind: 'LOW_ENERGY_AFTER_MISSED',
    statement: `Your energy is lower on days after a missed commitment: ${found.on} on average, against ${found.off} on other days.`,
    tags: ['energy', 'commitments'],
    evidence: {
      occurrenceIds: behind.map((occurrence) => occurrence.occurrenceId),
      energyIds: found.ids,
      figures: { averageAfterMissed: found.on, averageOtherDays: found.off, daysAfterMissed: found.onDays, otherDays: found.offDays },
    },
  };
}

/** "Energy is higher on days you keep a commitment." */
export function higherEnergyOnKeptDays(occurrences: DayOccurrence[], energy: DayEnergy[]): FoundInsight | null {
  const kept = occurrences.filter((occurrence) => occurrence.outcome === 'COMPLETED');
  const found = compareEnergy(energy, new Set(kept.map((occurrence) => occurrence.day)), true);
  if (!found) return null;
  return {
    kind: 'HIGHER_ENERGY_ON_KEPT_DAYS',
    statement: `Your energy is higher on days you keep a commitment: ${found.on} on average, against ${found.off} on other days.`,
    tags: ['energy', 'commitments'],
    evidence: {
      occurrenceIds: kept.filter((occurrence) => found.days.includes(occurrence.day)).map((occurrence) => occurrence.occurrenceId),
      energyIds: found.ids,
      figures: { averageKeptDays: found.on, averageOtherDays: found.off, keptDays: found.onDays, otherDays: found.offDays },
    },
  };
}

/** "Most of your misses fall on Mondays." */
export function missesOnOneWeekday(occurrences: DayOccurrence[]): FoundInsight | null {
  const missed = occurrences.filter((occurrence) => occurrence.outcome === 'MISSED');
  if (missed.length < MIN_MISSES) return null;
  const counts = new Map<number, DayOccurrence[]>();
  for (const occurrence of missed) counts.set(occurrence.weekday, [...(counts.get(occurrence.weekday) ?? []), occurrence]);
  const [weekday, onIt] = [...counts].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0]!;
  if (onIt.length < MIN_SAME_WEEKDAY || onIt.length / missed.length < WEEKDAY_SHARE) return null;
  const name = WEEKDAYS[weekday - 1]!;
  const titles = [...new Set(onIt.map((occurrence) => occurrence.title))];
  return {
    kind: 'MISSES_ON_ONE_WEEKDAY',
    statement: `${onIt.length} of your ${missed.length} missed commitments fell on ${name} (${titles.map((title) => `"${title}"`).join(', ')}): something about ${name} gets in the way.`,
    tags: ['commitments', 'rhythm'],
    evidence: { occurrenceIds: onIt.map((occurrence) => occurrence.occurrenceId), energyIds: [], figures: { weekday: name, missedThatDay: onIt.length, missedInAll: missed.length } },
  };
}

/** How a note category reads in a sentence ("on days you talk about your challenges"). */
const TOPICS: Record<string, string> = {
  background: 'your background',
  goal: 'your goals',
  value: 'what you value',
  challenge: 'your challenges',
  preference: 'what you like',
  relationship: 'the people in your life',
  wellbeing: 'your wellbeing',
};

/**
 * "Energy is lower on days you talk about your challenges": for each kind of note Sentinel took
 * from the user's messages, energy on the days such notes came against the other days; the topic
 * with the largest drop, when it passes the same bar as the other energy patterns.
 */
export function lowEnergyOnTopicDays(notes: DayNote[], energy: DayEnergy[]): FoundInsight | null {
  const categories = [...new Set(notes.map((note) => note.category))].sort();
  const candidates = categories.flatMap((category) => {
    const onTopic = notes.filter((note) => note.category === category);
    const found = compareEnergy(energy, new Set(onTopic.map((note) => note.day)), false);
    return found ? [{ category, found, noteIds: onTopic.filter((note) => found.days.includes(note.day)).map((note) => note.noteId) }] : [];
  });
  const best = candidates.sort((a, b) => b.found.off - b.found.on - (a.found.off - a.found.on))[0];
  if (!best) return null;
  const { category, found, noteIds } = best;
  return {
    kind: 'LOW_ENERGY_ON_TOPIC_DAYS',
    statement: `Your energy is lower on days you talk about ${TOPICS[category] ?? category}: ${found.on} on average, against ${found.off} on other days.`,
    tags: ['energy', 'notes', category],
    evidence: {
      occurrenceIds: [],
      energyIds: found.ids,
      noteIds,
      figures: { topic: category, averageTopicDays: found.on, averageOtherDays: found.off, topicDays: found.onDays, otherDays: found.offDays },
    },
  };
}

/** Every pattern that holds in the data. */
export function findInsights(occurrences: DayOccurrence[], energy: DayEnergy[], notes: DayNote[] = []): FoundInsight[] {
  return [lowEnergyAfterMissed(occurrences, energy), higherEnergyOnKeptDays(occurrences, energy), missesOnOneWeekday(occurrences), lowEnergyOnTopicDays(notes, energy)].filter(
    (found): found is FoundInsight => found !== null,
  );
}
