/** Text helpers for first-person statements: sentences, clauses, and "I" turned into "they". */

const QUESTION_OPENERS = /^(?:if|whether|do|does|did|should|would|could|can|will|what if|how|why|is|are|am)\b/i;

/** The statements of a message: sentences split into clauses joined by "and/but/so I ...". Questions and conditionals are left out. */
export function statementsOf(text: string): string[] {
  const normalised = text.replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');
  const sentences = normalised.match(/[^.!?\n]+[.!?]*/g) ?? [];
  return sentences
    .filter((sentence) => !sentence.trim().endsWith('?'))
    .flatMap((sentence) => sentence.split(/,?\s+(?:and|but|so|though|although)\s+(?=(?:I|I'm|I've|my|My)\b)|;\s*/))
    .map((clause) =>
      clause
        .trim()
        .replace(/[.!]+$/, '')
        .trim(),
    )
    .filter((clause) => clause.length > 0 && !QUESTION_OPENERS.test(clause));
}

/** Ends a captured phrase at the next clause break ("..., because", "... but"), keeping at most 200 characters. */
export function phrase(tail: string): string {
  const cut = tail.split(/\s*(?:[,;:(]|\s-\s|\s\u2013\s|\bbecause\b|\bbut\b|\balthough\b|\bthough\b)\s*/i)[0] ?? '';
  return cut.trim().slice(0, 200).trim();
}

const PRONOUNS: Array<[RegExp, string]> = [
  [/\bI am\b/g, 'they are'],
  [/\bI'm\b/g, "they're"],
  [/\bI was\b/g, 'they were'],
  [/\bI've\b/g, "they've"],
  [/\bI'd\b/g, "they'd"],
  [/\bI'll\b/g, "they'll"],
  [/\bI\b/g, 'they'],
  [/\bmyself\b/gi, 'themselves'],
  [/\bmine\b/gi, 'theirs'],
  [/\bmy\b/gi, 'their'],
  [/\bme\b/gi, 'them'],
  // "we" (the user and their family, say) stays plural: "Our anniversary is June 14th" -> "Their anniversary ...".
  [/\bWe\b/g, 'They'],
  [/\bwe\b/g, 'they'],
  [/\bOur\b/g, 'Their'],
  [/\bour\b/g, 'their'],
  [/\bus\b/g, 'them'],
];

/** "feel calmer when I lead my team" -> "feel calmer when they lead their team". */
export function thirdPerson(words: string): string {
  return PRONOUNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), words);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
