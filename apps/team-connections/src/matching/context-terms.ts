/** Words that say nothing about a problem's subject: left out when counting shared words. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can could do does doing for from get getting had has have help how i i'm in into is it its just keep keeps " +
    'me more most my need needs new no not of on or our out over so some than that the their them then there these they this those to too ' +
    'up us very want was we were what when where which while who why will with without work working would you your team project projects'
  ).split(' '),
);

/** Lower case, single spaces: how expertise areas are stored, so `?|` and the GIN index match exactly. */
export function canonicalTerm(term: string): string {
  return term.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The words of a text in lower case, keeping c++, c#, node.js and ci/cd whole. */
export function wordsOf(text: string): string[] {
  return canonicalTerm(text)
    .split(/[^\p{L}\p{N}+#./-]+/u)
    .map((word) => word.replace(/^[./-]+|[./-]+$/g, ''))
    .filter(Boolean);
}

/** A plural's singular, roughly: "audits" -> "audit", but "process" stays. */
export function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The words that carry meaning (no stop words, no single letters), singular. */
export function contentWords(text: string): Set<string> {
  return new Set(
    wordsOf(text)
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
      .map(singular),
  );
}

/**
 * Every phrase of one to three words in the context, also with its last word singular: the keys
 * `expertise_areas ?| phrases` looks up, so "our kubernetes clusters" finds "kubernetes" and "kubernetes cluster".
 */
export function contextPhrases(context: string, maxWords = 3): string[] {
  const words = wordsOf(context);
  const phrases = new Set<string>();
  for (let start = 0; start < words.length; start++) {
    for (let length = 1; length <= maxWords && start + length <= words.length; length++) {
      const phrase = words.slice(start, start + length);
      phrases.add(phrase.join(' '));
      phrases.add([...phrase.slice(0, -1), singular(phrase.at(-1)!)].join(' '));
    }
  }
  return [...phrases];
}
