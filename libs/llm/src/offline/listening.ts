import type { ContextItem } from '../coach/coach-context';

/**
 * How the offline coach listens: it finds, in what the user said, the parts that carry a role,
 * a person, a value, a struggle or a feeling, and says them back in the user's own words (with
 * I/my turned into you/your). Deterministic: plain word lists, no model.
 */

const FEELINGS = [
  'afraid',
  'angry',
  'anxious',
  'anxiety',
  'ashamed',
  'bored',
  'burnt',
  'burned',
  'calm',
  'dread',
  'dreading',
  'drained',
  'embarrassed',
  'excited',
  'exhausted',
  'frustrated',
  'grateful',
  'guilt',
  'guilty',
  'happy',
  'hopeless',
  'hurt',
  'jealous',
  'lonely',
  'lost',
  'miss',
  'nervous',
  'overwhelmed',
  'proud',
  'resentful',
  'sad',
  'scared',
  'stressed',
  'stress',
  'stuck',
  'tired',
  'unhappy',
  'upset',
  'worried',
  'worry',
];
const STRUGGLES = [
  "can't",
  'cannot',
  'difficult',
  'hard',
  'struggle',
  'struggling',
  'untouched',
  'never',
  'behind',
  'too much',
  'no time',
  'not enough',
  "haven't",
  "don't have",
  'bring work home',
  'brought home',
  'every evening',
  'every night',
  'missing',
  'lack',
  'failing',
  'afraid',
];
const PEOPLE = [
  'wife',
  'husband',
  'partner',
  'girlfriend',
  'boyfriend',
  'kids',
  'kid',
  'children',
  'child',
  'son',
  'daughter',
  'baby',
  'mum',
  'mom',
  'mother',
  'dad',
  'father',
  'parents',
  'sister',
  'brother',
  'family',
  'friend',
  'friends',
  'boss',
  'manager',
  'head of',
  'headteacher',
  'director',
  'team',
  'colleague',
  'colleagues',
  'students',
  'pupils',
  'clients',
  'patients',
];
const VALUES = [
  'matters',
  'matter',
  'care about',
  'important',
  'value',
  'love',
  'passion',
  'meaningful',
  'want to',
  'would like to',
  "i'd like to",
  "i'd love to",
  'wish',
  'dream',
  'grow',
  'used to',
  'career',
  'health',
  'fit',
];
const ROLES = [
  'i teach',
  'i work',
  'i run',
  'i manage',
  'i lead',
  'i study',
  "i'm a ",
  'i am a ',
  "i'm an ",
  'i am an ',
  'my job',
  'my work',
  'teacher',
  'nurse',
  'doctor',
  'engineer',
  'developer',
  'designer',
  'student',
  'founder',
  'musician',
];
/** Words of something going well, which earn the reply a glad line. */
const GLAD = ['proud', 'happy', 'excited', 'grateful', 'glad', 'joy', 'enjoyed', 'loved', 'great'];
// One line in turn per reply, so that a conversation does not hear the same words each time.
const EMPATHY = ['That sounds like a lot to carry.', 'That sounds hard.', 'That takes a toll.'];
const GLADNESS = ["It's good to hear that.", "That's worth celebrating."];
/** Negative words that earn the reply a line of empathy. */
const HEAVY = [
  'dread',
  'dreading',
  'guilt',
  'guilty',
  'anxious',
  'anxiety',
  'exhausted',
  'drained',
  'overwhelmed',
  'stressed',
  'stress',
  'lonely',
  'sad',
  'hopeless',
  'struggling',
  'struggle',
  'burnt',
  'worried',
  'untouched',
  'tired',
  'stuck',
];

const normalise = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'");
const has = (clause: string, phrases: readonly string[]) => phrases.filter((phrase) => new RegExp(`(^|[^a-z'])${phrase.trim()}($|[^a-z])`).test(clause)).length;

/** How much of what the user cares about a clause carries (0: small talk). */
function weight(clause: string): number {
  const said = ` ${normalise(clause)} `;
  return 3 * Math.min(has(said, FEELINGS) + has(said, STRUGGLES), 2) + 2 * Math.min(has(said, PEOPLE) + has(said, VALUES) + has(said, ROLES), 2);
}

const SWAPS: Record<string, string> = {
  i: 'you',
  "i'm": "you're",
  im: "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  am: 'are',
  was: 'were',
  we: 'you',
  our: 'your',
  ours: 'yours',
  us: 'you',
};

/** The user's words as the coach says them back: I → you, my → your; the rest as written. */
export function reflect(text: string): string {
  const words = text.replace(/[’‘]/g, "'").trim().split(/\s+/);
  return words
    .map((word, index) => {
      const [, core = '', tail = ''] = /^(.*?)([.,;:!?)"”]*)$/.exec(word) ?? [];
      const lower = core.toLowerCase();
      // "was" becomes "were" only after I ("the week was long" keeps its was).
      if (lower === 'was' && words[index - 1]?.toLowerCase() !== 'i') return word;
      const swapped = SWAPS[lower];
      return swapped ? `${swapped}${tail}` : word;
    })
    .join(' ');
}

const MAX_WORDS = 18;
// "and", "but", "so", "because" start a new thought; "and" alone inside a short list does not.
const CLAUSE_BREAK = /[.!?;]+\s*|,\s*(?:and |but |so |because )?|\s+(?:but|because|and so|so|and then|while)\s+|\s+and\s+(?=(?:i|i'm|my|lately|now|every|there|it)\b)/i;
const FILLER = /^(?:well|so|and|but|also|honestly|actually|um|uh|hmm|yes|yeah|no|ok|okay|hi|hello|hey)[,\s]+/i;

/** The parts of a message that matter, heaviest first (ties in the order said), at most `limit`. */
export function keyClauses(said: string, limit = 2): string[] {
  // Questions are the user asking, not telling: "What kind of identity would fit me?" is not said back.
  const text = (said.match(/[^.!?]+[.!?]*/g) ?? []).filter((sentence) => !sentence.trim().endsWith('?')).join(' ');
  const clauses = text
    .split(CLAUSE_BREAK)
    .map((clause) => (clause ?? '').trim().replace(FILLER, '').trim())
    .filter((clause) => clause.split(/\s+/).length >= 3);
  let scored = clauses.map((clause, index) => ({ clause, index, weight: weight(clause) })).filter(({ weight }) => weight > 0);
  // A real answer with none of those words ("A typical week is meetings, deadlines and takeaway dinners") is still worth saying back: its first sentence.
  const answer = text.trim().split(/\s+/).length >= 6;
  const sentence =
    text
      .split(/[.!?;]+/)[0]
      ?.trim()
      .replace(FILLER, '') ?? '';
  if (!scored.length && answer && sentence.split(/\s+/).length >= 4) scored = [{ clause: sentence, index: 0, weight: 1 }];
  const chosen = scored.toSorted((a, b) => b.weight - a.weight || a.index - b.index).slice(0, limit);
  // One part that matters and one that sets the scene ("My head of department keeps adding duties and I feel stuck"): both.
  const scene = clauses.findIndex((clause, index) => index !== chosen[0]?.index && clause.split(/\s+/).length >= 4);
  if (chosen.length === 1 && limit > 1 && scene >= 0) chosen.push({ clause: clauses[scene]!, index: scene, weight: 0 });
  return chosen.toSorted((a, b) => a.index - b.index).map(({ clause }) => clause.split(/\s+/).slice(0, MAX_WORDS).join(' '));
}

const lowerFirst = (text: string) => (/^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1));
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * One or two sentences that say back what matters in the message, in the user's words; '' when
 * the message carries none of it ("Thanks, what else?").
 */
export function reflection(said: string, turn = 0, without?: RegExp): string {
  const clauses = keyClauses(said)
    .filter((clause) => !without?.test(clause))
    .map((clause) => lowerFirst(reflect(clause)));
  if (!clauses.length) return '';
  const heard = `I hear that ${clauses.join(', and that ')}.`;
  const words = ` ${normalise(said)} `;
  if (has(words, HEAVY)) return `${heard} ${EMPATHY[turn % EMPATHY.length]}`;
  if (has(words, GLAD)) return `${heard} ${GLADNESS[turn % GLADNESS.length]}`;
  return heard;
}

/** What matters across everything the user said, in their words: the heaviest part of each message, at most `limit`. */
export function gist(userTexts: readonly string[], limit = 4): string[] {
  const parts: string[] = [];
  for (const text of userTexts) {
    const [first] = keyClauses(text, 1);
    if (first) parts.push(lowerFirst(reflect(first)));
  }
  return parts.slice(-limit);
}

/** A list in plain English: "a", "a and b", "a, b and c". */
export function listOf(parts: readonly string[], joiner = 'and'): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${joiner} ${parts.at(-1)}`;
}

// Third-person verbs that open Sentinel's notes ("Works at Acme", "Has two kids") as the coach says them to the user.
const IRREGULAR: Record<string, string> = { has: 'have', is: 'are', was: 'were', does: 'do', goes: 'go' };
function secondPersonVerb(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower];
  if (!/^[a-z]{3,}s$/.test(lower) || /ss$|us$|is$/.test(lower)) return undefined;
  if (/ies$/.test(lower)) return `${lower.slice(0, -3)}y`;
  if (/(?:sh|ch|x|z|ss)es$/.test(lower)) return lower.slice(0, -2);
  return lower.slice(0, -1);
}

/** A note in plain words addressed to the user: "Works at Acme" → "you work at Acme", "I teach maths" → "you teach maths". */
export function noteInPlainWords(note: string): string {
  const text = note.trim().replace(/[.!]+$/, '');
  if (/^(?:i|i'm|my|i've)\b/i.test(text)) return lowerFirst(reflect(text));
  const [first = '', ...rest] = text.split(/\s+/);
  const verb = /^[A-Z]/.test(first) ? secondPersonVerb(first) : undefined;
  if (verb) return ['you', verb, ...rest].join(' ');
  return `you told me: ${lowerFirst(text)}`;
}

const THIRD_PERSON_START: Array<[RegExp, string]> = [
  [/^(?:i'm|i am)\b/i, 'Is'],
  [/^(?:i've|i have)\b/i, 'Has'],
  [/^i was\b/i, 'Was'],
  [/^i (?:don't|do not)\b/i, "Doesn't"],
  [/^i (?:can't|cannot)\b/i, "Can't"],
  [/^(?:i'll|i will)\b/i, 'Will'],
  [/^i do\b/i, 'Does'],
];
const THIRD_PERSON_WORDS: Record<string, string> = { my: 'their', mine: 'theirs', me: 'them', myself: 'themselves', i: 'they', "i'm": "they're" };

function thirdPersonVerb(verb: string): string {
  if (/(?:s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/**
 * The user's words as a short third-person fact, the way Sentinel writes its notes: "I work at
 * Riverside School now" → "Works at Riverside School now", "I'm a nurse" → "Is a nurse", "my
 * daughter is seven" → "Their daughter is seven".
 */
export function asThirdPersonFact(text: string): string {
  let fact = text
    .replace(/[’‘]/g, "'")
    .trim()
    .replace(/^(?:actually|now|in fact|well)[,\s]+/i, '')
    .replace(/[.!]+$/, '');
  const start = THIRD_PERSON_START.find(([pattern]) => pattern.test(fact));
  if (start) fact = fact.replace(start[0], start[1]);
  else if (/^i [a-z]+\b/i.test(fact)) fact = fact.replace(/^i ([a-z]+)\b/i, (_, verb: string) => upperFirst(thirdPersonVerb(verb.toLowerCase())));
  const words = fact.split(/\s+/).map((word, index) => {
    const [, core = '', tail = ''] = /^(.*?)([.,;:!?)"”]*)$/.exec(word) ?? [];
    const swapped = THIRD_PERSON_WORDS[core.toLowerCase()];
    if (!swapped) return word;
    return `${index === 0 ? upperFirst(swapped) : swapped}${tail}`;
  });
  return upperFirst(words.join(' '));
}

const STOP = new Set(
  (
    'a an the and or but so to of in on at for with from by about as is are was were be been being am i me my mine myself you your it its this that these those ' +
    'what which who whom when where why how do does did done have has had not no yes please just really very can could would should will shall may might must ' +
    'one thing things note notes bit part there here then than them they their he she his her we our us all any some more most also now still only ' +
    "forget delete remove erase that's thats not right wrong correct actually said told say tell know remember"
  ).split(' '),
);

/** The words of a text that carry its meaning, reduced to a rough stem so "teach" meets "teaches" and "teaching". */
export function contentWords(text: string): Set<string> {
  const words = normalise(text)
    .replace(/'s\b/g, '')
    .split(/[^a-z0-9']+/)
    .filter((word) => word.length >= 3 && !STOP.has(word));
  return new Set(words.map((word) => word.replace(/(?:ing|ed|es|s)$/, '').slice(0, 6)));
}

export type NoteMatch = { kind: 'one'; note: ContextItem } | { kind: 'ambiguous'; candidates: ContextItem[] } | { kind: 'none' };

/** The note that shares the most meaning words with a text; ambiguous when two share as many. */
export function bestNote(text: string, notes: readonly ContextItem[]): NoteMatch {
  const wanted = contentWords(text);
  const scored = notes.map((note) => ({ note, score: [...contentWords(note.title)].filter((word) => wanted.has(word)).length })).filter(({ score }) => score > 0);
  if (!scored.length) return { kind: 'none' };
  const top = Math.max(...scored.map(({ score }) => score));
  const best = scored.filter(({ score }) => score === top).map(({ note }) => note);
  return best.length === 1 ? { kind: 'one', note: best[0]! } : { kind: 'ambiguous', candidates: best };
}

export { upperFirst };
