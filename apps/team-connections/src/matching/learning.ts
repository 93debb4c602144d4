/**
 * Learning from outcomes. Every suggestion records the features of its pair (its reason types,
 * same or other department, shared working preferences); per organisation and feature we count
 * how many were suggested, connected by the requestor, declined by them, and accepted by the
 * colleague. A feature whose pairs connect and are accepted more often than the organisation's
 * average lifts the score of pairs that have it; one whose pairs are declined more often lowers
 * it. Rates are smoothed towards the organisation's average (and that towards a prior), so a
 * handful of answers moves little and a new organisation ranks by relevance alone.
 */

export interface OutcomeCounts {
  suggested: number;
  connected: number;
  declined: number;
  accepted: number;
}

/** Per feature; `all` holds the organisation's totals. */
export type OutcomeStats = ReadonlyMap<string, OutcomeCounts>;

export const ALL = 'all';

/** How many suggestions' worth the average counts for when smoothing a feature's rates. */
export const SMOOTHING = 20;
/** Rates assumed before an organisation has answers of its own. */
export const PRIOR = { connect: 0.3, accept: 0.6, decline: 0.2 } as const;
/** One feature moves a score by at most this factor either way; all together by at most MAX_LIFT. */
const FEATURE_LIFT = [0.8, 1.25] as const;
const MAX_LIFT = [0.6, 1.5] as const;

const clamp = (value: number, [low, high]: readonly [number, number]) => Math.min(high, Math.max(low, value));
const smoothed = (hits: number, trials: number, prior: number) => (hits + SMOOTHING * prior) / (trials + SMOOTHING);

interface Rates {
  connect: number;
  accept: number;
  decline: number;
}

function ratesOf(counts: OutcomeCounts | undefined, prior: Rates): Rates {
  const { suggested = 0, connected = 0, declined = 0, accepted = 0 } = counts ?? {};
  return { connect: smoothed(connected, suggested, prior.connect), accept: smoothed(accepted, connected, prior.accept), decline: smoothed(declined, suggested, prior.decline) };
}

/**
 * The factor a pair's score is multiplied by: per feature, (connect rate × accept rate) relative
 * to the organisation's, times (1 - decline rate) relative to the organisation's; bounded.
 */
export function outcomeLift(features: readonly string[], stats: OutcomeStats | undefined): number {
  if (!stats || stats.size === 0) return 1;
  const base = ratesOf(stats.get(ALL), PRIOR);
  let lift = 1;
  for (const feature of features) {
    const counts = stats.get(feature);
    if (!counts) continue;
    const rates = ratesOf(counts, base);
    const success = (rates.connect * rates.accept) / (base.connect * base.accept);
    const refusal = (1 - rates.decline) / (1 - base.decline);
    lift *= clamp(success * refusal, FEATURE_LIFT);
  }
  return clamp(lift, MAX_LIFT);
}
