import type { CheckInReason } from '@tandem/contracts';

export interface CheckInFacts {
  title: string;
  reason: CheckInReason;
  occurrenceDueAt: Date;
  timeZone: string;
  /** The user's latest energy is at or below the low mark. */
  lowEnergy: boolean;
}

/**
 * What the coach says when it checks in. A missed commitment together with low energy brings a
 * gentle check-in about the person rather than another reminder about the task.
 */
export function checkInMessage({ title, reason, occurrenceDueAt, timeZone, lowEnergy }: CheckInFacts): string {
  const when = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(occurrenceDueAt);
  if (reason === 'DUE') {
    if (lowEnergy) return `"${title}" was planned for ${when}. No pressure at all: how are you doing today? If you did it, just say so.`;
    return `Checking in on "${title}" (due ${when}). Did it happen? Tell me you did it, or what got in the way.`;
  }
  if (lowEnergy) return `I noticed "${title}" slipped by, and your energy has been low lately. Let's not add another reminder: how are you, really?`;
  return `"${title}" (due ${when}) went by without a word. That's okay. Do you want to look at what got in the way, or make it smaller?`;
}
