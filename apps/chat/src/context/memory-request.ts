/**
 * Whether the user is talking about what the coach remembers of them: asking what it knows
 * ("what do you remember about me?"), asking it to forget something, or correcting it ("that's
 * not right"). Then the turn carries more of their notes, so the coach can answer from them and
 * name the note it means. English only, like the offline model; a miss only means the usual few
 * most relevant notes.
 */
const MEMORY_TALK = [
  /\bwhat (?:else )?(?:do|did|can) you (?:remember|know|recall|keep|store)\b/i,
  /\b(?:remember|know|recall|have|keep|store|stored)\b[^.?!]{0,40}\babout me\b/i,
  /\bwhat (?:have you|did you) (?:learn|learned|learnt|note|noted|kept|stored)\b/i,
  /\b(?:forget|delete|remove|erase|drop)\b[^.?!]{0,60}\b(?:that|this|about|note|memory|what i)\b/i,
  /\b(?:that'?s|that is|this is|it'?s|you'?re|you are) (?:not (?:right|true|correct)|wrong|incorrect|outdated)\b/i,
  /\b(?:not right|no longer true|not true any ?more|out of date)\b/i,
  /\byour (?:notes|memory|memories)\b/i,
];

export function isMemoryTalk(message: string): boolean {
  return MEMORY_TALK.some((pattern) => pattern.test(message));
}

/**
 * The coach's own words about the user's memory ("Here is what I remember about you", "Shall I
 * forget the note ...?"): the user's answer to them ("yes, please") continues that talk, so its
 * turn needs the notes too, the one meant among them.
 */
const COACH_MEMORY_TALK = [
  /\b(?:I remember|I know|I(?:'ve| have) noted|I noted|I keep|I have kept|in my notes|my notes)\b/i,
  /\b(?:forget|delete|remove|correct|update)\b[^.?!]{0,60}\b(?:note|that|this|it)\b/i,
];

export function isCoachMemoryTalk(coachMessage: string): boolean {
  return COACH_MEMORY_TALK.some((pattern) => pattern.test(coachMessage)) || isMemoryTalk(coachMessage);
}
