import type { CoachingPhase } from '@tandem/contracts';

import type { CoachActionArgs, CoachActionName } from '../coach/coach-actions';
import type { CoachContext } from '../coach/coach-context';
import { GET_TO_KNOW_YOU_QUESTIONS, LINES } from './coach-lines';
import { CATEGORY_VOCABULARY, nextSuggestion, suggestionIn } from './identity-suggestions';
import { bestNote, contentWords, gist, noteInPlainWords, reflection } from './listening';
import { memoryStep, type MemoryActionArgs, type MemoryActionName } from './memory-script';
import { progressStep } from './progress-script';
import { answerOf, wantsColleagueHelp, wantsToFinish } from './user-intent';

export interface PlannedToolCall {
  name: string;
  args: Record<string, unknown>;
}

export interface CoachTurn {
  role: 'user' | 'coach';
  text: string;
  toolCalls: readonly PlannedToolCall[];
}

export interface CoachScriptInput {
  context: CoachContext;
  /** The conversation so far, oldest first; usually ending with the user's message. */
  turns: readonly CoachTurn[];
  /** Names of the tools the model may call this turn. */
  tools: ReadonlySet<string>;
}

export interface CoachReplyPlan {
  text: string;
  toolCalls: PlannedToolCall[];
}

/** The identity value that lines up with the schema: left out when the context has none. */
const identityRef = (id: string | undefined) => (id ? { identityId: id } : {});
// Keeps the user's words within the identity text limit of the contracts.
const asIdentityText = (text: string) => text.trim().slice(0, 5_000);
// The user's own words as what they want help with (suggest_connection's limit).
const asConnectionContext = (text: string) => text.trim().slice(0, 1_000);

class Reply {
  readonly parts: string[] = [];
  readonly toolCalls: PlannedToolCall[] = [];

  constructor(private readonly tools: ReadonlySet<string>) {}

  say(...parts: string[]): this {
    this.parts.push(...parts);
    return this;
  }

  /** Asks for an action only when it is bound: the offline coach never calls a tool it was not given. */
  call<N extends CoachActionName>(name: N, args: CoachActionArgs<N>): this {
    if (this.tools.has(name)) this.toolCalls.push({ name, args: args as Record<string, unknown> });
    return this;
  }

  can(name: CoachActionName): boolean {
    return this.tools.has(name);
  }

  /** The memory actions (forget_note, correct_note), under the same rule: only when bound. */
  callMemory<N extends MemoryActionName>(name: N, args: MemoryActionArgs[N]): this {
    if (this.tools.has(name)) this.toolCalls.push({ name, args: { ...args } });
    return this;
  }

  canMemory(name: MemoryActionName): boolean {
    return this.tools.has(name);
  }

  plan(): CoachReplyPlan {
    return { text: this.parts.join(' '), toolCalls: this.toolCalls };
  }
}

interface Situation {
  context: CoachContext;
  /** What the user just said ('' when the conversation does not end with the user). */
  said: string;
  /** The coach's turn before it, whose question tells the step. */
  lastCoach: CoachTurn | undefined;
  userTexts: string[];
  coachTurns: CoachTurn[];
  reply: Reply;
}

/**
 * The offline coach: a deterministic script that walks a user through every phase. The same
 * input gives the same reply, word for word.
 */
export function planCoachReply({ context, turns, tools }: CoachScriptInput): CoachReplyPlan {
  const last = turns.at(-1);
  const said = last?.role === 'user' ? last.text : '';
  const earlier = last?.role === 'user' ? turns.slice(0, -1) : turns;
  const situation: Situation = {
    context,
    said,
    lastCoach: earlier.findLast((turn) => turn.role === 'coach'),
    userTexts: turns.filter((turn) => turn.role === 'user').map((turn) => turn.text),
    coachTurns: turns.filter((turn) => turn.role === 'coach'),
    reply: new Reply(tools),
  };
  // What the coach remembers is the user's to see, correct and delete, in every phase: such a turn is about nothing else.
  const saidBefore = situation.userTexts.at(-2) ?? '';
  if (memoryStep({ said, lastCoachText: situation.lastCoach?.text, saidBefore: said ? saidBefore : '', name: context.name, notes: context.notes ?? [], reply: situation.reply }) === 'stop') {
    return situation.reply.plan();
  }
  // Commitments, follow-through and energy are the coach's in every phase; the phase's script adds its part unless the coach must ask which commitment.
  if (progressStep(said, situation.lastCoach?.text, context.openCommitments ?? [], situation.reply) === 'continue') PHASE_SCRIPTS[context.phase ?? 'NONE'](situation);
  return situation.reply.plan();
}

const asked = (turn: CoachTurn | undefined, question: string) => turn?.text.includes(question) ?? false;

const PHASE_SCRIPTS: Record<CoachingPhase | 'NONE', (situation: Situation) => void> = {
  GET_TO_KNOW_YOU: getToKnowYou,
  IDENTITY_CREATION: identityCreation,
  IDENTITY_REFINEMENT: identityRefinement,
  INTEGRATION: integration,
  COMPLETED: (situation) => situation.reply.say(...listening(situation), LINES.completed),
  NONE: (situation) => {
    const heard = listening(situation);
    situation.reply.say(...(heard.length ? [...heard, LINES.tellMeMore] : [LINES.noPhase]));
  },
};

// The parts of a message the progress step answers: an energy level, a commitment.
const ANSWERED_BY_PROGRESS = /\benergy\b|\b\d{1,2}\s*(?:\/|out of)\s*10\b|\bI(?:'ll| will| am going to|'m going to| commit to)\b/i;

/**
 * What the coach heard in the user's message, in the user's words, and a note it holds that
 * touches the same thing (not one it already brought up in this conversation).
 */
function listening({ said, context, coachTurns, userTexts, reply }: Situation): string[] {
  // What the progress step already answered (a commitment kept, energy noted) is not said back again; the rest is.
  const heard = reflection(said, coachTurns.length, reply.parts.length ? ANSWERED_BY_PROGRESS : undefined);
  // A note taken from this conversation is what the user just told: not something they "told before".
  const toldHere = contentWords(userTexts.join(' ')); // every user turn of the window, this one included
  const earlier = (context.notes ?? []).filter((note) => !toldIn(toldHere, note.title));
  const match = said.trim() ? bestNote(said, earlier) : { kind: 'none' as const };
  const note = match.kind === 'one' ? LINES.fromYourNotes(noteInPlainWords(match.note.title)) : '';
  const fresh = note && !coachTurns.some((turn) => turn.text.includes(note));
  return [heard, fresh ? note : ''].filter(Boolean);
}

/** Most of the note's meaning words are among the words the user said. */
function toldIn(said: ReadonlySet<string>, note: string): boolean {
  const words = [...contentWords(note)];
  return words.length > 0 && words.filter((word) => said.has(word)).length * 3 >= words.length * 2;
}

/** Three questions, one per turn, each after saying back what was heard; after the third answer, on to identity creation with what matters, in the user's words. */
function getToKnowYou(situation: Situation): void {
  const { reply, context, coachTurns, userTexts } = situation;
  // The step is the last question asked, even when a turn about something else (what the coach remembers, a commitment) came after it.
  const isStep = (turn: CoachTurn) => asked(turn, LINES.readyForIdentityMarker) || GET_TO_KNOW_YOU_QUESTIONS.some((question) => asked(turn, question));
  const lastStep = situation.said ? coachTurns.findLast(isStep) : situation.lastCoach;
  const lastAsked = GET_TO_KNOW_YOU_QUESTIONS.findLastIndex((question) => asked(lastStep, question));
  const next = GET_TO_KNOW_YOU_QUESTIONS[lastAsked + 1];
  if (next && !asked(lastStep, LINES.readyForIdentityMarker)) {
    const heard = listening(situation);
    if (lastAsked < 0) {
      const opening = coachTurns.length === 0 && context.earlierConversations?.[0] ? LINES.welcomeBack(context.earlierConversations[0]) : LINES.greeting(context.name);
      reply.say(opening, ...heard, next);
    } else {
      reply.say(...(heard.length ? heard : [LINES.acknowledgements[lastAsked % LINES.acknowledgements.length]!]), next);
    }
    return;
  }
  // Also reached when the last turn already moved on but the phase change has not landed yet.
  reply.say(LINES.readyForIdentity(gist(userTexts))).call('transition_phase', { toPhase: 'IDENTITY_CREATION', reason: 'The user shared what matters to them' });
}

/** Names offered so far, from tool calls where the history keeps them and from the coach's words. */
function offeredNames(coachTurns: readonly CoachTurn[]): Set<string> {
  const names = new Set<string>();
  for (const turn of coachTurns) {
    for (const call of turn.toolCalls) if (call.name === 'propose_identity' && typeof call.args['name'] === 'string') names.add(call.args['name']);
    const mentioned = suggestionIn(turn.text);
    if (mentioned) names.add(mentioned.name);
  }
  return names;
}

function lastOfferedName(coachTurns: readonly CoachTurn[]): string | undefined {
  for (const turn of coachTurns.toReversed()) {
    const proposed = turn.toolCalls.find((call) => call.name === 'propose_identity')?.args['name'];
    if (typeof proposed === 'string') return proposed;
    const mentioned = suggestionIn(turn.text);
    if (mentioned) return mentioned.name;
  }
  return undefined;
}

/** Proposes an identity from the user's words; yes accepts it and moves on, no offers another. */
function identityCreation({ context, said, lastCoach, userTexts, coachTurns, reply }: Situation): void {
  const awaitingAnswer = asked(lastCoach, LINES.proposalQuestion);
  const answer = awaitingAnswer ? answerOf(said) : 'no';
  if (awaitingAnswer && answer === 'yes') {
    reply
      .say(LINES.accepted(lastOfferedName(coachTurns)))
      .call('accept_identity', identityRef(context.proposedIdentityId))
      .call('transition_phase', { toPhase: 'IDENTITY_REFINEMENT', reason: 'The user accepted their identity' });
    return;
  }
  if (awaitingAnswer && answer === 'unclear') {
    reply.say(LINES.clarifyProposal(lastOfferedName(coachTurns)), LINES.proposalQuestion);
    return;
  }
  const suggestion = nextSuggestion(userTexts, offeredNames(coachTurns));
  const area = CATEGORY_VOCABULARY[suggestion.category].label;
  const heard = awaitingAnswer ? '' : reflection(said, coachTurns.length, reply.parts.length ? ANSWERED_BY_PROGRESS : undefined);
  reply
    .say(...(heard ? [heard] : []), awaitingAnswer ? LINES.anotherProposal(suggestion.name, area) : LINES.proposal(suggestion.name, area), LINES.proposalQuestion)
    .call('propose_identity', { category: suggestion.category, name: suggestion.name });
}

/** An affirmation, then a visualization, each saved as it comes; then refinement is complete. */
function identityRefinement({ context, said, lastCoach, coachTurns, reply }: Situation): void {
  const identity = identityRef(context.currentIdentityId);
  if (asked(lastCoach, LINES.affirmationQuestion) && said.trim()) {
    reply.say(LINES.affirmationSaved(asIdentityText(said)), LINES.visualizationQuestion).call('update_identity', { ...identity, affirmation: asIdentityText(said) });
    return;
  }
  if (asked(lastCoach, LINES.visualizationQuestion) && said.trim()) {
    reply
      .say(LINES.refinementComplete)
      .call('update_identity', { ...identity, visualization: asIdentityText(said) })
      .call('complete_identity_refinement', identity)
      .call('transition_phase', { toPhase: 'INTEGRATION', reason: 'The identity has an affirmation and a visualization' });
    return;
  }
  reply.say(LINES.refineIntro(lastOfferedName(coachTurns)), LINES.affirmationQuestion, LINES.affirmationExample);
}

/**
 * One practical tip per turn, in rotation; colleagues suggested when the user asks who at work
 * could help (and suggest_connection is bound); the journey ends when the user says so.
 */
function integration(situation: Situation): void {
  const { said, coachTurns, reply } = situation;
  if (wantsToFinish(said)) {
    reply.say(LINES.finished).call('transition_phase', { toPhase: 'COMPLETED', reason: 'The user finished their coaching journey' });
    return;
  }
  if (reply.can('suggest_connection') && wantsColleagueHelp(said)) {
    reply.say(LINES.lookingForColleagues).call('suggest_connection', { context: asConnectionContext(said) });
    return;
  }
  const tips = LINES.integrationTips;
  const lastTip = coachTurns.flatMap((turn) => tips.filter((tip) => turn.text.includes(tip))).at(-1);
  const tip = tips[lastTip === undefined ? 0 : (tips.indexOf(lastTip) + 1) % tips.length]!;
  reply.say(...listening(situation), tip, LINES.integrationQuestion);
}
