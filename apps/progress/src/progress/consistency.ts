import type { MetricsView } from '@tandem/contracts';

import type { OccurrenceDay } from './progress.repository';

type Window = MetricsView['consistency']['last7'];

/** Completion over the last `days` local days ending `today` (YYYY-MM-DD): every settled occurrence counts as due. */
export function completionWindow(days: OccurrenceDay[], today: string, length: number): Window {
  const from = shiftDay(today, -(length - 1));
  const inWindow = days.filter((day) => day.day >= from && day.day <= today);
  const completed = sum(inWindow, 'completed');
  const skipped = sum(inWindow, 'skipped');
  const missed = sum(inWindow, 'missed');
  const due = completed + skipped + missed;
  return { days: length, due, completed, skipped, missed, rate: due ? Math.round((completed / due) * 100) / 100 : null };
}

/**
 * Streaks of kept days: a day is kept when something was completed and nothing was missed; a day
 * with nothing due neither keeps nor breaks a streak (weekday-only commitments survive weekends),
 * a day with only skips breaks nothing either. Current: the run ending at the latest day that
 * counted. `days` oldest first.
 */
export function streaks(days: OccurrenceDay[]): { currentStreak: number; longestStreak: number } {
  let run = 0;
  let longest = 0;
  for (const day of days) {
    if (day.missed > 0) run = 0;
    else if (day.completed > 0) run += 1;
    longest = Math.max(longest, run);
  }
  return { currentStreak: run, longestStreak: longest };
}

function sum(days: OccurrenceDay[], key: 'completed' | 'skipped' | 'missed'): number {
  return days.reduce((total, day) => total + day[key], 0);
}

/** A YYYY-MM-DD date moved by whole days (calendar arithmetic in UTC, no time of day involved). */
export function shiftDay(day: string, by: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + by);
  return date.toISOString().slice(0, 10);
}
