/** Reciprocal rank fusion's constant: 60, as in Cormack et al. (2009); it damps the weight of the very top ranks. */
export const RRF_K = 60;

/**
 * Fuses ranked id lists (best first) into one: each list gives an id 1 / (k + rank), ranks from
 * 1, times the list's weight (1 unless given), and scores add up. Ties keep the order of first appearance, so the result is deterministic.
 */
export function fuseRankings(rankings: ReadonlyArray<readonly string[]>, k = RRF_K, weights: readonly number[] = []): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  rankings.forEach((ranking, list) => ranking.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + (weights[list] ?? 1) / (k + index + 1))));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
