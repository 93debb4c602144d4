/**
 * Token budgets for the parts of the coach's context. Tokens are estimated, not counted: about
 * four characters of English a token (what OpenAI's and most BPE tokenizers average), rounded
 * up. Cheap and model-free; it overestimates for plain prose and underestimates for ids, which is
 * why a context line's whole text (key and id included) is what counts.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** A clipped text keeps at least this many tokens, or is left out. */
const MIN_CLIPPED_TOKENS = 16;

/**
 * The leading items that fit in `budget` tokens, in order, each counted as `cost(item)`. The
 * first that does not fit ends the list: a later, shorter one would break the order (newest
 * first, most relevant first) the caller chose.
 */
export function fitItems<T>(items: readonly T[], budget: number, cost: (item: T) => number): T[] {
  const kept: T[] = [];
  let left = budget;
  for (const item of items) {
    const tokens = cost(item);
    if (tokens > left) break;
    kept.push(item);
    left -= tokens;
  }
  return kept;
}

/**
 * Texts that fit in `budget` tokens, in order; the first that does not fit is clipped to what is
 * left (with an ellipsis) when that is still worth reading, and ends the list.
 */
export function fitTexts(texts: readonly string[], budget: number, overhead = 0): string[] {
  const kept: string[] = [];
  let left = budget;
  for (const text of texts) {
    const tokens = estimateTokens(text) + overhead;
    if (tokens <= left) {
      kept.push(text);
      left -= tokens;
      continue;
    }
    const room = left - overhead;
    if (room >= MIN_CLIPPED_TOKENS) kept.push(`${text.slice(0, room * 4 - 1).trimEnd()}…`);
    break;
  }
  return kept;
}
