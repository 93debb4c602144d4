import type { EmotionView } from '@tandem/contracts';

/**
 * Energy (1-10) read off an emotion Sentinel recorded: a strong positive emotion is high energy, a
 * strong negative one low, a neutral one the middle. A rough signal, kept apart from what the
 * user says (source INFERRED), so metrics and the coach can weigh them differently.
 */
export function inferredEnergy({ valence, intensity }: Pick<EmotionView, 'valence' | 'intensity'>): number {
  const half = Math.round(intensity / 2); // 1..5
  if (valence === 'POSITIVE') return 5 + half;
  if (valence === 'NEGATIVE') return 6 - half;
  return 5;
}
