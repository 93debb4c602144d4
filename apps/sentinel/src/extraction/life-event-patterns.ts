import type { NoteCandidate } from './extraction';
import { NOT_NAMES, note, type StatementPattern } from './statement-patterns';

/**
 * Patterns for the rest of a life: events ("we went to a support group yesterday"), plans ("we're
 * thinking of going to Oaxaca"), people ("Lucia's a park ranger"), places ("I grew up in
 * Falmouth"), dated things ("the interview is on the 3rd of March") and tastes ("I'm more of a gin
 * person"). They run after the first-person fact patterns, so a clause those read keeps their note.
 */

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?';
/** An explicit or relative date: "on the 14th of February", "March 8th", "in June", "next month", "yesterday", "every Tuesday". */
const DATE = new RegExp(
  `\\b(?:(?:the )?\\d{1,2}(?:st|nd|rd|th)? of ${MONTH}|${MONTH} \\d{1,2}(?:st|nd|rd|th)?|in ${MONTH}|(?:on |every |next |last )${WEEKDAY}|next (?:week|month|year)|last (?:week|month|year|night)|yesterday|tomorrow|tonight|this (?:weekend|summer|winter|spring|autumn|fall))\\b`,
);

/** The clause as a note: at most 200 characters, cut before a trailing comment ("and it was so powerful"). */
function clause(text: string): string {
  return text
    .split(/,? (?:and|but) (?:it|that|this) (?:was|is|felt)\b/i)[0]!
    .replace(/^(?:so|ok|okay|oh|well|anyway|and|also|btw|yeah|update:)[,!]?\s+/i, '')
    .trim()
    .slice(0, 200)
    .trim();
}

const PAST_EVENTS =
  'went to|visited|met|finished|completed|ran|started|joined|booked|bought|adopted|hired|accepted|passed|won|signed up for|got engaged|got married|got promoted|got the job|got back from|moved to|shipped|took';

const event = (text: string, confidence: number): NoteCandidate | null => (DATE.test(text) || text.split(' ').length >= 3 ? note('background', text, confidence) : null);

export const LIFE_EVENT_PATTERNS: StatementPattern[] = [
  // places
  { pattern: /\bI (?:grew up|was born|was raised) in (.+)$/i, toNote: (m) => note('background', `Grew up in ${clause(m[1]!)}`, 0.85) },
  { pattern: /\bI(?:'m| am) (?:originally )?from ([A-Z].+)$/, toNote: (m) => note('background', `Is from ${clause(m[1]!)}`, 0.8) },
  { pattern: /\b[Mm]y ([a-z]+(?: [a-z]+)?) (lives|works|is based) in (.+)$/, toNote: (m) => note('relationship', `Their ${m[1]} ${m[2]} in ${clause(m[3]!)}`, 0.8) },
  // plans
  {
    pattern: /\b(I|we)(?:'m|'re| am| are) (?:planning|thinking of|thinking about|hoping|going|heading|flying|driving|off) (?:to |on )?(.+)$/i,
    toNote: (m) => note('goal', `${m[1]!.toLowerCase() === 'we' ? 'With others, plans' : 'Plans'}: ${clause(m[2]!)}`, 0.6),
  },
  { pattern: /\b(?:I|we)(?:'ve| have) decided to (.+)$/i, toNote: (m) => note('goal', `Decided to ${clause(m[1]!)}`, 0.7) },
  { pattern: /\b(?:I|we)(?:'ve| have) (decided|chosen) (?!to )(.+)$/i, toNote: (m) => note('goal', `${m[1]!.toLowerCase() === 'chosen' ? 'Chose' : 'Decided'}: ${clause(m[2]!)}`, 0.7) },
  // events
  { pattern: new RegExp(`\\b(?:I|we) (?:just |finally |actually |recently )?((?:${PAST_EVENTS})\\b.+)$`, 'i'), toNote: (m) => event(capitalisedClause(m[1]!), 0.7) },
  // people: "Lucia's a park ranger", "Priya is a vet"
  {
    pattern: /\b([A-Z][a-z]+)(?:'s| is) (a|an|the) ([a-z].+)$/,
    toNote: (m) => (NOT_NAMES.has(m[1]!) || NOT_PEOPLE.has(m[1]!) ? null : note('relationship', `${m[1]} is ${m[2]} ${clause(m[3]!)}`, 0.7)),
  },
  // tastes
  { pattern: /\bI(?:'m| am) (?:really |totally |so )?(?:into|obsessed with|a (?:big |huge )?fan of) (.+)$/i, toNote: (m) => note('preference', `Is into ${clause(m[1]!)}`, 0.75) },
  { pattern: /\bI(?:'m| am) (?:more of )?an? ([a-z]+(?: [a-z]+)?) person\b/i, toNote: (m) => note('preference', `Is a ${m[1]} person`, 0.75) },
  { pattern: /\b[Mm]y fav(?:ou?rite)? ([a-z]+(?: [a-z]+)?) is (.+)$/, toNote: (m) => note('preference', `Their favourite ${m[1]} is ${clause(m[2]!)}`, 0.8) },
  // anything else dated: "Interview is on the 3rd of March", "our anniversary is June 14th"
  { pattern: new RegExp(`^(?!.*\\?)(.*${DATE.source}.*)$`, 'i'), toNote: (m) => (clause(m[1]!).split(' ').length >= 4 ? note('background', clause(m[1]!), 0.6) : null) },
];

/** Capitalised words that start a sentence but name no one. */
const NOT_PEOPLE = new Set(['It', 'That', 'There', 'Here', 'What', 'Which', 'Everything', 'Nothing', 'Someone', 'Everyone', 'Work', 'Life', 'Today', 'Tomorrow', 'Yesterday']);

function capitalisedClause(text: string): string {
  const words = clause(text);
  return words.charAt(0).toUpperCase() + words.slice(1);
}
