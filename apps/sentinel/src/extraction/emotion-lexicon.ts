import type { EmotionReading } from './extraction';

/** Emotion words with their signed base intensity (1-10): a small, readable lexicon, not a model. */
const LEXICON: Record<string, number> = {
  // positive
  happy: 6,
  glad: 5,
  joy: 7,
  joyful: 7,
  excited: 7,
  thrilled: 8,
  delighted: 8,
  grateful: 6,
  thankful: 5,
  proud: 7,
  calm: 4,
  relaxed: 4,
  relieved: 5,
  hopeful: 5,
  optimistic: 5,
  confident: 6,
  motivated: 6,
  energized: 6,
  energised: 6,
  inspired: 6,
  content: 4,
  great: 5,
  amazing: 7,
  wonderful: 7,
  fantastic: 7,
  love: 6,
  loved: 6,
  peaceful: 5,
  good: 3,
  // negative (negative sign)
  sad: -6,
  unhappy: -6,
  depressed: -9,
  hopeless: -9,
  miserable: -8,
  lonely: -7,
  stressed: -7,
  anxious: -7,
  worried: -6,
  nervous: -5,
  scared: -7,
  afraid: -7,
  overwhelmed: -8,
  exhausted: -7,
  tired: -4,
  drained: -6,
  frustrated: -7,
  angry: -8,
  furious: -9,
  annoyed: -5,
  irritated: -5,
  upset: -6,
  disappointed: -6,
  ashamed: -7,
  guilty: -6,
  stuck: -5,
  bored: -3,
  hurt: -6,
  dread: -7,
  panic: -8,
  awful: -7,
  terrible: -7,
  bad: -3,
  'burned out': -8,
  'burnt out': -8,
  'worn out': -6,
  'fed up': -6,
  'on edge': -6,
};

const AMPLIFIERS = new Set(['very', 'so', 'really', 'extremely', 'incredibly', 'super', 'totally', 'completely', 'absolutely', 'deeply']);
const DAMPENERS = new Set(['bit', 'slightly', 'little', 'somewhat', 'kinda', 'mildly']);
const NEGATORS = new Set(['not', 'no', 'never', 'hardly']);

function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .match(/[a-z']+|!/g) ?? []
  );
}

/**
 * The mood a message expresses: each emotion word scores its intensity, raised by "very/so",
 * lowered by "a bit", flipped (and weakened) by a negation just before it. Valence is the sign of
 * the sum; intensity the strongest word, plus one for exclamation. Null when no emotion word appears.
 */
export function readEmotion(text: string): EmotionReading | null {
  const words = wordsOf(text);
  let sum = 0;
  let strongest = 0;
  let matched = false;
  for (let i = 0; i < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1] ?? ''}`;
    const base = LEXICON[pair] ?? LEXICON[words[i]!];
    if (base === undefined) continue;
    matched = true;
    const before = words.slice(Math.max(0, i - 3), i);
    let intensity = Math.abs(base);
    if (before.some((word) => AMPLIFIERS.has(word))) intensity += 2;
    if (before.some((word) => DAMPENERS.has(word))) intensity -= 2;
    let sign = Math.sign(base);
    if (before.some((word) => NEGATORS.has(word) || word.endsWith("n't"))) {
      sign = -sign;
      intensity = Math.ceil(intensity / 2);
    }
    sum += sign * intensity;
    strongest = Math.max(strongest, intensity);
    if (LEXICON[pair] !== undefined) i++;
  }
  if (!matched) return null;
  const exclaimed = words.includes('!') ? 1 : 0;
  const valence = sum > 0 ? 'POSITIVE' : sum < 0 ? 'NEGATIVE' : 'NEUTRAL';
  return { valence, intensity: Math.min(10, Math.max(1, strongest + exclaimed)) };
}
