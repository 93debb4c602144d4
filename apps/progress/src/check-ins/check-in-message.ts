import type { CheckInReason } from '@tandem/contracts';

/** How far back the nudge looks: missed commitments over a week, negative emotions over three days. */
export const NUDGE_MISSES_DAYS = 7;
export const NUDGE_EMOTIONS_DAYS = 3;

/** The user's recent state, as the scheduler reads it when a check-in falls due. */
export interface UserState {
  /** Occurrences MISSED in the last NUDGE_MISSES_DAYS days (the one a MISSED check-in is about included). */
  recentMisses: number;
  /** The latest energy entry, given or inferred. */
  latestEnergy: number | null;
  /** Negative emotions Sentinel heard in the last NUDGE_EMOTIONS_DAYS days. */
  recentNegativeEmotions: number;
}

/**
 * The nudge triggered by state: missed commitments together with low energy and negative
 * emotions bring a gentle check-in rather than another reminder. Any one of them alone does not.
 */
export function needsGentleNudge({ recentMisses, latestEnergy, recentNegativeEmotions }: UserState, lowEnergyMark: number): boolean {
  return recentMisses > 0 && latestEnergy !== null && latestEnergy <= lowEnergyMark && recentNegativeEmotions > 0;
}

export interface CheckInFacts {
  title: string;
  reason: CheckInReason;
  occurrenceDueAt: Date;
  timeZone: string;
  /** The user's latest energy is at or below the low mark: a due check-in puts no pressure. */
  lowEnergy: boolean;
  /** needsGentleNudge(): the check-in is about the person, not the task. */
  gentle: boolean;
}

/**
 * What the coach says when it checks in: a reminder naming the commitment and its due time, or,
 * when needsGentleNudge() holds, a gentle check-in about the person with no reminder in it.
 */
export function checkInMessage({ title, reason, occurrenceDueAt, timeZone, lowEnergy, gentle }: CheckInFacts): string {
  if (gentle) return `Things have been heavy lately, and that's okay. Let's not add another reminder today: how are you, really? "${title}" can wait, or we can make it smaller together.`;
  const when = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(occurrenceDueAt);
  if (reason === 'DUE') {
    if (lowEnergy) return `"${title}" was planned for ${when}. No pressure at all: how are you doing today? If you did it, just say so.`;
    return `Checking in on "${title}" (due ${when}). Did it happen? Tell me you did it, or what got in the way.`;
  }
  return `"${title}" (due ${when}) went by without a word. That's okay. Do you want to look at what got in the way, or make it smaller?`;
}
