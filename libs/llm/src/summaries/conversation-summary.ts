/**
 * A conversation's summary without a model: what the user shared, in the third person and in
 * fewer words, the feelings they named and what they intend to do. It is what the offline coach
 * (and a failing model) leaves for the next conversation's context, so it must read as a summary,
 * not as the user's lines quoted back.
 */
export interface SummaryLine {
  role: 'USER' | 'COACH';
  content: string;
}

const MAX_STATEMENTS = 3;
const MAX_STATEMENT = 140;

const STOPWORDS = new Set(
  (
    'a an the and or but so if then than that this these those to of in on at for with from by about as into over under after before again very really just quite ' +
    'i me my mine myself we us our you your he she it they them their is am are was were be been being have has had do does did will would can could should shall may might must ' +
    "i'm i've i'll i'd it's that's there's not no yes ok okay well also too lot lots thing things something anything some any all much many more most " +
    'lately recently now today yesterday tomorrow every each one get got go going want wanted like feel feeling think know'
  ).split(' '),
);

/** A feeling as named in the summary, and the words that say it. */
const FEELINGS: ReadonlyArray<[string, RegExp]> = [
  ['dread', /\bdread(?:s|ed|ing)?\b/],
  ['guilt', /\bguilt(?:y)?\b/],
  ['anxiety', /\b(?:anxious|anxiety)\b/],
  ['stress', /\bstress(?:ed|ful)?\b/],
  ['overwhelm', /\boverwhelm(?:ed|ing)?\b/],
  ['exhaustion', /\b(?:exhausted|exhaustion|burn(?:t|ed) out)\b/],
  ['tiredness', /\btired\b/],
  ['loneliness', /\b(?:lonely|loneliness)\b/],
  ['sadness', /\b(?:sad|sadness)\b/],
  ['anger', /\b(?:angry|anger)\b/],
  ['frustration', /\bfrustrat(?:ed|ing|ion)\b/],
  ['worry', /\b(?:worried|worry|worrying)\b/],
  ['fear', /\b(?:afraid|scared|fear)\b/],
  ['nervousness', /\bnervous\b/],
  ['feeling stuck', /\bstuck\b/],
  ['happiness', /\b(?:happy|happiness)\b/],
  ['excitement', /\bexcit(?:ed|ing|ement)\b/],
  ['pride', /\bproud\b/],
  ['gratitude', /\b(?:grateful|gratitude)\b/],
  ['hope', /\bhopeful\b/],
  ['relief', /\brelieved\b/],
  ['motivation', /\bmotivated\b/],
];

const INTENT = /\b(?:i|we)\s+(?:will|'ll|am going to|'m going to|want to|plan to|intend to|would like to|'d like to|hope to|need to)\b/i;
const FIRST_PERSON = /\b(?:i|i'm|i've|i'll|i'd|my|me|myself)\b/i;
const OPENERS = /^(?:well|so|and|but|also|honestly|actually|anyway|ok|okay|yes|yeah|no|hi|hello|hey|um|oh)\b[,\s]*/i;

/** "I"/"my"/"me" to "they"/"their"/"them"; "they" agrees with the verb's base form, so "I teach" reads "they teach". */
export function toThirdPerson(text: string): string {
  return text
    .replace(/\bI am\b/g, 'they are')
    .replace(/\bI'm\b/gi, "they're")
    .replace(/\bI've\b/gi, 'they have')
    .replace(/\bI'll\b/gi, 'they will')
    .replace(/\bI'd\b/gi, 'they would')
    .replace(/\bI was\b/g, 'they were')
    .replace(/\bI\b/g, 'they')
    .replace(/\bmyself\b/gi, 'themselves')
    .replace(/\bmine\b/gi, 'theirs')
    .replace(/\bmy\b/gi, 'their')
    .replace(/\bme\b/gi, 'them')
    .replace(/\bwe're\b/gi, "they're")
    .replace(/\bour\b/gi, 'their');
}

const contentWords = (text: string) => (text.toLowerCase().match(/[a-z][a-z']+/g) ?? []).filter((word) => !STOPWORDS.has(word) && word.length > 2);
const clip = (text: string) => (text.length > MAX_STATEMENT ? `${text.slice(0, MAX_STATEMENT - 1).replace(/\s+\S*$/, '')}…` : text);

/** The user's statements, one clause each: questions and greetings left out. */
function statements(said: string[]): Array<{ text: string; order: number; score: number; intent: boolean }> {
  const found: Array<{ text: string; order: number; score: number; intent: boolean }> = [];
  for (const message of said) {
    for (const piece of message.split(/(?<=[.!?;])\s+|\s*;\s*|,\s+but\s+/)) {
      const text = piece
        .trim()
        .replace(OPENERS, '')
        .replace(/[.!;,\s]+$/, '');
      if (!text || text.endsWith('?')) continue;
      const words = contentWords(text);
      if (words.length < 2) continue;
      // First-person statements say what matters to the user; longer ones say more (up to a point).
      const score = Math.min(words.length, 8) + (FIRST_PERSON.test(text) ? 3 : 0) + (INTENT.test(text) ? 2 : 0);
      found.push({ text, order: found.length, score, intent: INTENT.test(text) });
    }
  }
  return found;
}

function feelingsIn(said: string[]): string[] {
  const text = said.join(' ').toLowerCase();
  return FEELINGS.filter(([, words]) => words.test(text)).map(([feeling]) => feeling);
}

const joinList = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

export function summarizeConversationOffline(transcript: readonly SummaryLine[]): string {
  const said = transcript.filter((line) => line.role === 'USER').map((line) => line.content.replace(/\s+/g, ' ').trim());
  if (!said.length) return 'The conversation ended before the user said anything.';
  const all = statements(said);
  if (!all.length) return `The user exchanged ${said.length === 1 ? 'one message' : `${said.length} messages`} with the coach without sharing anything specific.`;
  const intents = all.filter((statement) => statement.intent).slice(-1);
  const best = [...all.filter((statement) => !statement.intent)]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_STATEMENTS - intents.length)
    .sort((a, b) => a.order - b.order);
  const names = namesIn(said);
  const sentences: string[] = [];
  if (best.length) sentences.push(`The user shared that ${best.map((statement) => clip(toThirdPerson(lowerFirst(statement.text, names)))).join('; that ')}.`);
  const feelings = feelingsIn(said);
  if (feelings.length) sentences.push(`Feelings they named: ${joinList(feelings)}.`);
  if (intents.length) sentences.push(`Looking ahead, ${clip(toThirdPerson(lowerFirst(intents[0]!.text, names)))}.`);
  sentences.push(`(${said.length} ${said.length === 1 ? 'message' : 'messages'} from the user.)`);
  return sentences.join(' ');
}

/**
 * Names ("Ana", "Leeds"), kept as written at a statement's start: words written with a capital in
 * the middle of a sentence, or at more than one sentence's start.
 */
function namesIn(said: string[]): Set<string> {
  const text = said.join(' ');
  const midSentence = [...text.matchAll(/(?<=[a-z,]\s+)([A-Z][a-z]+)\b/g)].map((match) => match[1]!);
  const counts = new Map<string, number>();
  for (const [word] of text.matchAll(/\b[A-Z][a-z]+\b/g)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return new Set([...midSentence, ...[...counts].filter(([, count]) => count > 1).map(([word]) => word)].filter((word) => !STOPWORDS.has(word.toLowerCase())));
}

/** Lower-cases a statement's first word unless it is "I" or a name. */
function lowerFirst(text: string, names: Set<string>): string {
  const [first = '', ...rest] = text.split(' ');
  if (first === 'I' || /^I'/.test(first) || names.has(first)) return text;
  return [first.toLowerCase(), ...rest].join(' ');
}
