import type { IdentityCategory, NoteChange, ReportPayload } from '@tandem/contracts';

/** One commitment's settled occurrences due in the period. */
export interface CommitmentOutcomeRow {
  commitment_id: string;
  title: string;
  goal_id: string | null;
  completed: number;
  skipped: number;
  missed: number;
}

export interface EnergyEntry {
  level: number;
  source: 'USER' | 'INFERRED';
  recordedAt: Date;
}

export interface GoalRef {
  id: string;
  title: string;
  identity_id: string | null;
  life_area: IdentityCategory | null;
}

/** A change to one of the user's Sentinel notes in the period (text null once the note was forgotten). */
export interface NoteChangeEntry {
  noteId: string;
  change: NoteChange;
  note: string | null;
  occurredAt: Date;
}

export interface ReportFactsInput {
  days: number;
  timeZone: string;
  periodStart: Date;
  periodEnd: Date;
  commitmentsMade: number;
  outcomes: CommitmentOutcomeRow[];
  energy: EnergyEntry[];
  goals: GoalRef[];
  /** Oldest first. */
  noteChanges: NoteChangeEntry[];
}

/** Notes named in a report at most: the latest changes. */
const NOTE_ITEMS = 10;

/** A change of a whole point between the halves of the period reads as a trend; less is steady. */
const TREND_THRESHOLD = 1;
const round1 = (value: number) => Math.round(value * 10) / 10;
const averageOf = (levels: number[]) => (levels.length ? round1(levels.reduce((sum, level) => sum + level, 0) / levels.length) : null);
const sum = (rows: CommitmentOutcomeRow[], key: 'completed' | 'skipped' | 'missed') => rows.reduce((total, row) => total + row[key], 0);

/** The energy of the period: its average, the average of each half, and whether it rose or fell. */
export function energyTrend(entries: EnergyEntry[], periodStart: Date, periodEnd: Date): ReportPayload['energy'] {
  const middle = (periodStart.getTime() + periodEnd.getTime()) / 2;
  const first = averageOf(entries.filter((entry) => entry.recordedAt.getTime() < middle).map((entry) => entry.level));
  const second = averageOf(entries.filter((entry) => entry.recordedAt.getTime() >= middle).map((entry) => entry.level));
  const trend = first === null || second === null ? null : second - first >= TREND_THRESHOLD ? 'RISING' : first - second >= TREND_THRESHOLD ? 'FALLING' : 'STEADY';
  return {
    entries: entries.length,
    average: averageOf(entries.map((entry) => entry.level)),
    firstHalfAverage: first,
    secondHalfAverage: second,
    trend,
    inferredEntries: entries.filter((entry) => entry.source === 'INFERRED').length,
  };
}

/** The report's structured payload, from what happened in its period. */
export function buildReportPayload(facts: ReportFactsInput): ReportPayload {
  const { outcomes } = facts;
  const completed = sum(outcomes, 'completed');
  const missed = sum(outcomes, 'missed');
  const skipped = sum(outcomes, 'skipped');
  const goals = facts.goals.map((goal) => {
    const mine = outcomes.filter((row) => row.goal_id === goal.id);
    return { goalId: goal.id, title: goal.title, identityId: goal.identity_id, lifeArea: goal.life_area, completed: sum(mine, 'completed'), missed: sum(mine, 'missed') };
  });
  const identityIds = [...new Set(goals.flatMap((goal) => (goal.identityId ? [goal.identityId] : [])))];
  return {
    days: facts.days,
    timeZone: facts.timeZone,
    commitments: {
      made: facts.commitmentsMade,
      due: completed + skipped + missed,
      completed,
      skipped,
      missed,
      rate: completed + missed ? Math.round((100 * completed) / (completed + missed)) / 100 : null,
      items: [...outcomes]
        .sort((a, b) => b.completed - a.completed || b.missed - a.missed || a.title.localeCompare(b.title))
        .slice(0, 20)
        .map((row) => ({ commitmentId: row.commitment_id, title: row.title, completed: row.completed, skipped: row.skipped, missed: row.missed })),
    },
    energy: energyTrend(facts.energy, facts.periodStart, facts.periodEnd),
    goals,
    identities: identityIds.map((identityId) => {
      const served = goals.filter((goal) => goal.identityId === identityId);
      return { identityId, goals: served.length, completed: served.reduce((total, goal) => total + goal.completed, 0), missed: served.reduce((total, goal) => total + goal.missed, 0) };
    }),
    notes: notesThatChanged(facts.noteChanges),
  };
}

/** How many notes were learned, refined, replaced and forgotten in the period, and the latest changes, newest first. */
export function notesThatChanged(changes: NoteChangeEntry[]): NonNullable<ReportPayload['notes']> {
  const counted = (change: NoteChange) => changes.filter((entry) => entry.change === change).length;
  return {
    added: counted('ADDED'),
    updated: counted('UPDATED'),
    superseded: counted('SUPERSEDED'),
    deleted: counted('DELETED'),
    items: changes
      .slice(-NOTE_ITEMS)
      .reverse()
      .map(({ noteId, change, note, occurredAt }) => ({ noteId, change, note, occurredAt: occurredAt.toISOString() })),
  };
}
