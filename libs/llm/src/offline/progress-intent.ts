import type { ContextItem } from '../coach/coach-context';

type Schedule = 'ONCE' | 'DAILY' | 'WEEKDAYS' | 'WEEKLY';

export interface StatedCommitment {
  /** What the user will do, in their words. */
  title: string;
  schedule: Schedule;
  /** Local time of day, HH:MM, when they said one ("at 7:30", "every morning"). */
  at?: string;
}

const normal = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'");

// "I will ...", "I'm going to ...": a promise about what they will do. Not "I'll think about it", "I'll be fine", "I will not".
const PROMISE =
  /\b(?:i will|i'll|i am going to|i'm going to|i'm gonna|i commit to|i promise to|i plan to)\s+(?!not\b|never\b|think\b|see\b|be\b|try to think\b|let you know\b|have to\b|need to think\b)([a-z][^.!?\n;]{2,160})/;

function scheduleOf(phrase: string): Schedule {
  if (/\b(weekdays?|every weekday|monday to friday|workdays?|every working day)\b/.test(phrase)) return 'WEEKDAYS';
  if (/\b(every|each) (day|morning|evening|night|afternoon)\b|\bdaily\b|\bevery single day\b/.test(phrase)) return 'DAILY';
  if (/\b(every|each|once a) week\b|\bweekly\b|\bevery (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/.test(phrase)) return 'WEEKLY';
  return 'ONCE';
}

function timeOf(phrase: string): string | undefined {
  const clock = /\bat (\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?/.exec(phrase);
  if (clock) {
    let hour = Number(clock[1]);
    const minute = Number(clock[2] ?? 0);
    if (clock[3]?.startsWith('p') && hour < 12) hour += 12;
    if (clock[3]?.startsWith('a') && hour === 12) hour = 0;
    if (hour <= 23 && minute <= 59) return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  }
  if (/\bmornings?\b|\bbefore work\b|\bwhen i wake up\b/.test(phrase)) return '08:00';
  if (/\blunch(time)?\b|\bnoon\b/.test(phrase)) return '12:30';
  if (/\bafternoons?\b/.test(phrase)) return '15:00';
  if (/\bevenings?\b|\bafter work\b/.test(phrase)) return '19:00';
  if (/\bnights?\b|\bbefore bed\b|\bbedtime\b/.test(phrase)) return '21:30';
  return undefined;
}

/** A commitment the user states ("I will walk 20 minutes every morning"), or undefined. */
export function statedCommitment(text: string): StatedCommitment | undefined {
  const match = PROMISE.exec(normal(text));
  if (!match) return undefined;
  // The user's own casing, from the same place in the original text.
  const start = match.index + match[0].length - match[1]!.length;
  const words = text
    .slice(start, start + match[1]!.length)
    .trim()
    .replace(/\s+/g, ' ');
  const title = `${words.charAt(0).toUpperCase()}${words.slice(1)}`.slice(0, 200);
  const at = timeOf(match[1]!);
  return { title, schedule: scheduleOf(match[1]!), ...(at ? { at } : {}) };
}

// "I did my walk", "I went for my run", "done with the journal": something already happened. "I didn't" does not match.
const DID =
  /\b(i did|i've done|i have done|i went|i finished|i've finished|i completed|i managed to|i kept|i got|done with|did it|done it|ticked off|i walked|i ran|i wrote|i read|i meditated|i journaled|i stretched)\b/;
const NOT_DONE = /\b(didn't|did not|haven't|have not|couldn't|could not|not yet|skipped|missed|forgot)\b/;

/** Whether the user reports having done something. */
export function reportsFollowThrough(text: string): boolean {
  const said = normal(text);
  return DID.test(said) && !NOT_DONE.test(said);
}

const STOP_WORDS = new Set(
  (
    'i me my the a an this that it its to of for and or in on at with by did do done have has had went go going got finish finished complete completed managed kept today ' +
    'morning mornings evening evenings night tonight yesterday afternoon just finally already every each day daily week weekly again also was were is am so too really ' +
    'well yes yeah ok okay one which was it time minute minutes before after'
  ).split(' '),
);

/** Content words, roughly stemmed ("walked", "walking", "walks" are all "walk"). */
function stems(text: string): Set<string> {
  return new Set(
    normal(text)
      .split(/[^a-z]+/)
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
      .map((word) => (word.length > 5 ? word.replace(/(ing|ed|es|s)$/, '') : word.length > 3 ? word.replace(/s$/, '') : word)),
  );
}

export type CommitmentMatch = { kind: 'one'; commitment: ContextItem } | { kind: 'ambiguous'; candidates: ContextItem[] } | { kind: 'none' };

/**
 * Which open commitment the user's words are about: the one sharing the most words with its
 * title; several equally close are ambiguous (the coach asks). Words that name nothing ("I did
 * it!") point at the only open commitment, or are ambiguous among several.
 */
export function matchCommitment(text: string, open: readonly ContextItem[]): CommitmentMatch {
  if (!open.length) return { kind: 'none' };
  const said = stems(text);
  const scored = open.map((commitment) => ({ commitment, score: [...stems(commitment.title)].filter((word) => said.has(word)).length }));
  const best = Math.max(...scored.map((entry) => entry.score));
  if (best === 0) {
    if (said.size > 0) return { kind: 'none' };
    return open.length === 1 ? { kind: 'one', commitment: open[0]! } : { kind: 'ambiguous', candidates: [...open] };
  }
  const top = scored.filter((entry) => entry.score === best).map((entry) => entry.commitment);
  return top.length === 1 ? { kind: 'one', commitment: top[0]! } : { kind: 'ambiguous', candidates: top };
}

/** An energy level the user gives ("my energy is a 4", "I'm at 6/10"), or undefined. */
export function energyLevel(text: string): number | undefined {
  const said = normal(text);
  const outOfTen = /\b(10|[1-9])\s*(?:\/|out of)\s*10\b/.exec(said);
  if (outOfTen) return Number(outOfTen[1]);
  for (const sentence of said.split(/[.!?\n]/)) {
    if (!/\benergy\b/.test(sentence)) continue;
    const level = /\b(10|[1-9])\b(?!\s*(?:minutes?|mins?|hours?|km|miles?|days?|times?|%|am|pm|:))/.exec(sentence);
    if (level) return Number(level[1]);
  }
  return undefined;
}
