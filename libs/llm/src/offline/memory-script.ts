import type { ContextItem } from '../coach/coach-context';
import { asThirdPersonFact, bestNote, listOf, noteInPlainWords, type NoteMatch } from './listening';
import { answerOf } from './user-intent';

/** The memory actions (routed to Sentinel); the offline coach calls them only when they are bound. */
export type MemoryActionName = 'forget_note' | 'correct_note';
export interface MemoryActionArgs {
  forget_note: { noteId: string };
  correct_note: { noteId: string; content: string };
}

/** What the memory step needs of the reply being built. */
export interface MemoryReply {
  say(...parts: string[]): MemoryReply;
  callMemory<N extends MemoryActionName>(name: N, args: MemoryActionArgs[N]): MemoryReply;
  canMemory(name: MemoryActionName): boolean;
}

export const MEMORY_LINES = {
  remembered: (name: string | undefined, notes: readonly string[]) => `Here is what I remember about you${name ? `, ${name}` : ''}: ${listOf(notes)}.`,
  rememberNothing: (name: string | undefined) => `${name ? `I know your name is ${name}, but I` : 'I'} don't hold any notes about you yet. What you tell me as we talk is what I'll remember.`,
  askHowToChange: 'If any of it is not right, say "That\'s not right, ..." and I\'ll correct it; say "Forget that ..." and I\'ll forget it.',
  forgetConfirm: (note: string) => `Just to check: shall I forget “${note}”?`,
  forgetConfirmMarker: 'Just to check: shall I forget',
  forgetWhich: (notes: readonly string[]) =>
    `Which one should I forget: ${listOf(
      notes.map((note) => `“${note}”`),
      'or',
    )}?`,
  forgetWhichMarker: 'Which one should I forget',
  forgotten: (note: string) => `Done: I've forgotten “${note}”.`,
  kept: "All right, I'll keep it.",
  nothingToForget: "I don't hold any notes about you, so there is nothing to forget.",
  cannotForget: "I can't forget notes from this conversation; you can delete it under your notes in the app.",
  corrected: (before: string, after: string) => `Thank you for putting me right: I've changed “${before}” to “${after}”.`,
  correctWhich: (notes: readonly string[]) =>
    `Which note is not right: ${listOf(
      notes.map((note) => `“${note}”`),
      'or',
    )}?`,
  correctWhichMarker: 'Which note is not right',
  correctWhat: "What would be right? Tell me in your own words and I'll correct my note.",
  nothingToCorrect: "I don't hold any notes about you yet, so there is nothing to correct; I'll remember it the way you just said it.",
  cannotCorrect: "I can't change notes from this conversation; you can edit it under your notes in the app.",
} as const;

const NORMAL = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'");
const ASKS_MEMORY =
  /\bwhat (?:do|did|else do) you (?:remember|recall|know|keep|have(?: noted| written down)?)(?: [a-z']+){0,3} about me\b|\bwhat have you (?:remembered|noted|learned|learnt|kept|written down) about me\b|\bwhat do you remember\b|\bwhat do you know about me\b|\bwhat notes do you (?:have|keep|hold)\b/;
// An imperative at the start of a sentence: "I forget things easily" is not a request, nor is "Forget it, let's move on".
// Delete, remove and erase only with what is remembered: "Remove distractions from my mornings" is not a request either.
const FORGET =
  /(?:^|[.!?]\s+|,\s*)(?:please\s+|can you\s+|could you\s+|would you\s+)?(?:forget(?! it\b| about it\b)|(?:delete|remove|erase)(?= (?:that|the note|the notes|my note|my notes|what i|the bit|the part|everything you)\b))\s*(?:that\b|the (?:note|bit|part|thing)s?\b|my notes?\b|what i (?:said|told you)\b|about\b)?\s*(.*)$/;
const CORRECTION =
  /^\s*(?:no[,.!]?\s*)?(?:that'?s|that is|this is|it'?s|it is|you(?:'ve| have)? got (?:that|it)) (?:not (?:quite )?(?:right|true|correct|accurate)|wrong|incorrect|outdated|out of date)\b[\s,.:;!-]*(.*)$/;

/** Whether the user asks what the coach remembers about them. */
export const asksWhatYouRemember = (text: string) => ASKS_MEMORY.test(NORMAL(text));

/** What the user asks the coach to forget ('' when they name nothing), or undefined when they do not ask. */
export function forgetRequest(text: string): string | undefined {
  const match = FORGET.exec(NORMAL(text).trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

/** The corrected fact in the user's words ('' when they only said it is wrong), or undefined when this is no correction. */
export function correctionOf(text: string): string | undefined {
  const match = CORRECTION.exec(NORMAL(text));
  if (!match) return undefined;
  // The user's own words, with their capitals, from where the lower-cased match found them.
  const rest = match[1] ?? '';
  return text.slice(text.length - rest.length).trim();
}

const quoted = (text: string) => [...text.matchAll(/“([^”]+)”/g)].map((match) => match[1]!);
// A note as Sentinel keeps it: a short third-person fact, within the contracts' note length.
const asContent = (text: string) => asThirdPersonFact(text).slice(0, 1_000);

interface MemoryTurn {
  said: string;
  lastCoachText: string | undefined;
  /** The user's message before this one ('' when none). */
  saidBefore: string;
  name: string | undefined;
  notes: readonly ContextItem[];
  reply: MemoryReply;
}

/** Which note a user's answer to "which one?" picks: by its words, or by its place ("the first", "the second one"). */
function pickFrom(said: string, candidates: readonly ContextItem[]): NoteMatch {
  const ordinal = /\b(first|second|third|fourth|fifth|last)\b/.exec(NORMAL(said))?.[1];
  if (ordinal) {
    const index = ordinal === 'last' ? candidates.length - 1 : ['first', 'second', 'third', 'fourth', 'fifth'].indexOf(ordinal);
    const note = candidates[index];
    if (note) return { kind: 'one', note };
  }
  return bestNote(said, candidates);
}

function offeredNotes(lastCoachText: string, notes: readonly ContextItem[]): ContextItem[] {
  const titles = quoted(lastCoachText);
  return titles.map((title) => notes.find((note) => note.title === title)).filter((note): note is ContextItem => note !== undefined);
}

function correct(turn: MemoryTurn, note: ContextItem, content: string): void {
  if (!turn.reply.canMemory('correct_note')) {
    turn.reply.say(MEMORY_LINES.cannotCorrect);
    return;
  }
  const corrected = asContent(content);
  turn.reply.say(MEMORY_LINES.corrected(note.title, corrected)).callMemory('correct_note', { noteId: note.id, content: corrected });
}

function askToForget(turn: MemoryTurn, match: NoteMatch): void {
  if (match.kind === 'one') turn.reply.say(MEMORY_LINES.forgetConfirm(match.note.title));
  else turn.reply.say(MEMORY_LINES.forgetWhich((match.kind === 'ambiguous' ? match.candidates : turn.notes).slice(0, 5).map((note) => note.title)));
}

/**
 * The memory the user controls, before anything else of the turn: "What do you remember about
 * me?" lists the notes in plain words; "Forget that ..." asks which note is meant (quoting the
 * best match) and forgets it once the user says yes; "That's not right, I ..." corrects the
 * best-matching note with the user's words, or asks which note when that is unclear. Answers
 * 'stop' when it answered the turn, 'continue' otherwise.
 */
export function memoryStep(turn: MemoryTurn): 'stop' | 'continue' {
  const { said, lastCoachText = '', notes, reply } = turn;
  if (!said.trim()) return 'continue';

  if (lastCoachText.includes(MEMORY_LINES.forgetConfirmMarker)) {
    const [title] = quoted(lastCoachText);
    const note = notes.find((candidate) => candidate.title === title);
    const answer = answerOf(said);
    if (note && answer === 'yes') {
      reply.say(MEMORY_LINES.forgotten(note.title)).callMemory('forget_note', { noteId: note.id });
      return 'stop';
    }
    if (answer === 'no' && forgetRequest(said) === undefined) {
      reply.say(MEMORY_LINES.kept);
      return 'stop';
    }
  }
  if (lastCoachText.includes(MEMORY_LINES.forgetWhichMarker)) {
    const offered = offeredNotes(lastCoachText, notes);
    const match = pickFrom(said, offered.length ? offered : notes);
    if (match.kind === 'one') {
      reply.say(MEMORY_LINES.forgetConfirm(match.note.title));
      return 'stop';
    }
  }
  if (lastCoachText.includes(MEMORY_LINES.correctWhichMarker)) {
    const offered = offeredNotes(lastCoachText, notes);
    const match = pickFrom(said, offered.length ? offered : notes);
    // The correction came in the message before ("That's not right, ..."), or was that message itself (after "What would be right?").
    const stated = correctionOf(turn.saidBefore);
    const content = stated === undefined ? turn.saidBefore.trim() : stated;
    if (match.kind === 'one' && content) {
      correct(turn, match.note, content);
      return 'stop';
    }
  }
  if (lastCoachText.includes(MEMORY_LINES.correctWhat) && correctionOf(said) === undefined) {
    return correctWith(turn, said);
  }

  if (asksWhatYouRemember(said)) {
    if (!notes.length) reply.say(MEMORY_LINES.rememberNothing(turn.name));
    else
      reply.say(
        MEMORY_LINES.remembered(
          turn.name,
          notes.map((note) => noteInPlainWords(note.title)),
        ),
        MEMORY_LINES.askHowToChange,
      );
    return 'stop';
  }

  const forget = forgetRequest(said);
  if (forget !== undefined) {
    if (!notes.length) reply.say(MEMORY_LINES.nothingToForget);
    else if (!reply.canMemory('forget_note')) reply.say(MEMORY_LINES.cannotForget);
    else askToForget(turn, forget ? bestNote(forget, notes) : { kind: 'none' });
    return 'stop';
  }

  const correction = correctionOf(said);
  if (correction !== undefined) {
    if (!correction) {
      reply.say(MEMORY_LINES.correctWhat);
      return 'stop';
    }
    return correctWith(turn, correction);
  }
  return 'continue';
}

function correctWith(turn: MemoryTurn, content: string): 'stop' {
  if (!turn.notes.length) {
    turn.reply.say(MEMORY_LINES.nothingToCorrect);
    return 'stop';
  }
  const match = bestNote(content, turn.notes);
  if (match.kind === 'one') correct(turn, match.note, content);
  else turn.reply.say(MEMORY_LINES.correctWhich((match.kind === 'ambiguous' ? match.candidates : turn.notes).slice(0, 5).map((note) => note.title)));
  return 'stop';
}
