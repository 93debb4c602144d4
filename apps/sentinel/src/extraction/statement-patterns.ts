import type { NoteCategory } from '@tandem/contracts';

import type { NoteCandidate } from './extraction';
import { classifyMemory } from './memory-class';
import { capitalise, phrase, thirdPerson } from './first-person';
import { LIFE_EVENT_PATTERNS } from './life-event-patterns';

export interface StatementPattern {
  pattern: RegExp;
  toNote(match: RegExpMatchArray): NoteCandidate | null;
}

export const note = (category: NoteCategory, text: string, confidence: number, subject: string | null = null, replaces: string | null = null): NoteCandidate | null => {
  const clean = capitalise(thirdPerson(text).trim());
  return clean.split(' ').length < 2 ? null : { note: clean, category, memoryClass: classifyMemory(clean, category), confidence, subject, replaces };
};

const group = (match: RegExpMatchArray, index: number) => phrase(match[index] ?? '');
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

// "I'm a bit tired at work" is not a job.
const NOT_ROLES = /^(?:bit|little|lot|fan|mess|wreck|bundle|complete|total|huge|big|real|morning|night|people)\b/i;

/** A job as a note: "Works as a designer at Acme", "Works at Acme", "Works as a designer". */
function job(role: string, employer: string, confidence: number): NoteCandidate | null {
  if (NOT_ROLES.test(role)) return null;
  if (/^(?:myself|me)$/i.test(employer)) return note('background', 'Is self-employed', confidence, 'employer');
  if (!employer) return note('background', `Works as ${article(role)} ${role}`, confidence, 'role');
  return note('background', role ? `Works as ${article(role)} ${role} at ${employer}` : `Works at ${employer}`, confidence, 'employer');
}

/** Relations a person has one of at a time: a new name replaces the old ("my manager is now Priya"). */
const SINGLE_RELATIONS: Record<string, string> = {
  wife: 'partner',
  husband: 'partner',
  partner: 'partner',
  boyfriend: 'partner',
  girlfriend: 'partner',
  fiance: 'partner',
  fiancee: 'partner',
  manager: 'manager',
  boss: 'manager',
  mother: 'mother',
  mom: 'mother',
  mum: 'mother',
  father: 'father',
  dad: 'father',
};
const RELATIONS = [...Object.keys(SINGLE_RELATIONS), 'daughter', 'son', 'brother', 'sister', 'best friend', 'friend', 'colleague', 'mentor', 'coach', 'co-founder', 'cofounder'];
export const NOT_NAMES = new Set([
  'I',
  'The',
  'A',
  'An',
  'And',
  'But',
  'So',
  'Is',
  'Was',
  'Has',
  'Had',
  'He',
  'She',
  'They',
  'We',
  'It',
  'This',
  'That',
  'Who',
  'Just',
  'Always',
  'Never',
  'Really',
  'Still',
  'Also',
]);

function relationship(match: RegExpMatchArray): NoteCandidate | null {
  const relation = (match[1] ?? '').toLowerCase();
  const name = match[2] ?? '';
  if (NOT_NAMES.has(name)) return null;
  const detail = phrase(match[3] ?? '');
  const text = `Has ${article(relation)} ${relation} named ${name}${/^(?:is|was|works|lives|has|just|keeps|always|never|loves|likes)\b/i.test(detail) ? `, who ${detail}` : ''}`;
  return note('relationship', text, 0.9, SINGLE_RELATIONS[relation] ?? `${relation}:${name.toLowerCase()}`);
}

const FEELING_VERBS: Record<string, string> = {
  like: 'Likes',
  love: 'Loves',
  enjoy: 'Enjoys',
  prefer: 'Prefers',
  adore: 'Loves',
  hate: 'Dislikes',
  dislike: 'Dislikes',
  "don't like": 'Dislikes',
  'do not like': 'Dislikes',
  "can't stand": 'Dislikes',
};

const HABIT_VERBS: Record<string, string> = { sleep: 'Sleeps', exercise: 'Exercises', 'work out': 'Works out', meditate: 'Meditates' };

/**
 * First-person statements worth remembering, most specific first; a clause takes the first
 * pattern that matches. High precision over recall: a wrong memory is worse than a missed one.
 */
export const STATEMENT_PATTERNS: StatementPattern[] = [
  // background: job, employer, home, moves
  { pattern: /\bI(?: am|'m) (?:a|an) ([a-z][a-z -]{1,60}?) (?:at|for) (.+)$/i, toNote: (m) => job(group(m, 1), group(m, 2), 0.9) },
  { pattern: /\bI work as (?:a|an) ([a-z][a-z -]{1,60}?) (?:at|for) (.+)$/i, toNote: (m) => job(group(m, 1), group(m, 2), 0.9) },
  { pattern: /\bI (?:now |currently )?work (?:at|for) (.+?)(?: as (?:a|an) (.+))?$/i, toNote: (m) => job(group(m, 2), group(m, 1), 0.9) },
  { pattern: /\bI (?:now |currently )?work as (?:a|an) (.+)$/i, toNote: (m) => job(group(m, 1), '', 0.85) },
  { pattern: /\bI (?:now |currently )?(?:live|am based|'m based) in (.+)$/i, toNote: (m) => note('background', `Lives in ${group(m, 1)}`, 0.9, 'home') },
  {
    pattern: /\bI (?:just |recently )?(?:moved|switched|changed) (?:jobs |companies )?from (.+?) to (.+)$/i,
    toNote: (m) => note('background', `Moved from ${group(m, 1)} to ${group(m, 2)}`, 0.85, null, group(m, 1)),
  },
  // relationships
  { pattern: new RegExp(`\\b[Mm]y (${RELATIONS.join('|')})(?:'s name is|, | is called | called | named | )([A-Z][a-z]+)\\b(.*)$`), toNote: relationship },
  {
    pattern: /\bI have (a|an|one|two|three|four|five|\d+) (kids?|children|sons?|daughters?|brothers?|sisters?|dogs?|cats?)\b/i,
    toNote: (m) => note('relationship', `Has ${m[1]} ${m[2]}`, 0.9, `family:${(m[2] ?? '').replace(/(?:ren|s)$/, '').replace(/^kid$/, 'child')}`),
  },
  // goals
  { pattern: /\bmy (?:main |biggest |big |real )?goal (?:for [^,]+ )?is (to )?(.+)$/i, toNote: (m) => note('goal', `Wants ${m[1] ? 'to ' : ''}${group(m, 2)}`, 0.9) },
  { pattern: /\bI (?:really )?(?:want|would like|'d like|hope|plan|intend|aim|am trying|'m trying) to (.+)$/i, toNote: (m) => note('goal', `Wants to ${group(m, 1)}`, 0.7) },
  // values
  { pattern: /\bI (?:really |deeply )?value (.+)$/i, toNote: (m) => note('value', `Values ${group(m, 1)}`, 0.85) },
  { pattern: /\bwhat (?:really )?matters (?:most )?to me(?: most)? is (.+)$/i, toNote: (m) => note('value', `Cares most about ${group(m, 1)}`, 0.85) },
  { pattern: /\bI (?:really |deeply )?care (?:a lot |deeply |most )?about (.+)$/i, toNote: (m) => note('value', `Cares about ${group(m, 1)}`, 0.8) },
  { pattern: /\bI (?:strongly )?believe in (.+)$/i, toNote: (m) => note('value', `Believes in ${group(m, 1)}`, 0.8) },
  // challenges
  { pattern: /\bI(?:'m| am)? (?:really )?struggl(?:e|ing) with (.+)$/i, toNote: (m) => note('challenge', `Struggles with ${group(m, 1)}`, 0.85) },
  { pattern: /\b(?:I find it|it's|it is) (?:really |so |very )?(?:hard|difficult|tough) (?:for me )?to (.+)$/i, toNote: (m) => note('challenge', `Finds it hard to ${group(m, 1)}`, 0.8) },
  { pattern: /\bI have (?:a hard time|trouble|difficulty) (.+)$/i, toNote: (m) => note('challenge', `Has trouble ${group(m, 1)}`, 0.8) },
  // wellbeing
  { pattern: /\bI(?:'ve| have) been (feeling|sleeping) (.+)$/i, toNote: (m) => note('wellbeing', `Has been ${m[1]!.toLowerCase()} ${group(m, 2)}`, 0.6) },
  { pattern: /\bI (?:usually |often |only )?(sleep|exercise|work out|meditate) (.+)$/i, toNote: (m) => note('wellbeing', `${HABIT_VERBS[m[1]!.toLowerCase()]} ${group(m, 2)}`, 0.6) },
  // preferences
  {
    pattern: /\bI (?:really |truly )?(like|love|enjoy|prefer|adore|hate|dislike|don't like|do not like|can't stand) (.+)$/i,
    // "I love her" says nothing that outlives the sentence it is in.
    toNote: (m) => (/^(?:her|him|them|it|this|that|you|everyone)$/i.test(group(m, 2)) ? null : note('preference', `${FEELING_VERBS[m[1]!.toLowerCase()]} ${group(m, 2)}`, 0.8)),
  },
  // events, plans, people, places, dates: what a person's life is made of, not only "I am"
  ...LIFE_EVENT_PATTERNS,
];
