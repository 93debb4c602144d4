import {
  AcceptIdentity,
  COACH_ACTION_TYPES,
  CompleteCommitment,
  CompleteIdentityRefinement,
  CorrectNote,
  CreateCommitment,
  CreateGoal,
  ForgetNote,
  ProposeIdentity,
  RecordEnergy,
  SuggestConnections,
  TransitionPhase,
  UpdateIdentity,
  type CoachActionType,
  type CoachingPhase,
  type CommandContract,
} from '@tandem/contracts';
import { parseCoachActionCall, type CoachAction, type ContextItem } from '@tandem/llm';

/** A tool call as the model made it. */
export interface ToolCallRequest {
  name: string;
  args: unknown;
}

/** Who the turn is about: what an action without an identityId refers to. */
export interface ActionScope {
  userId: string;
  phase: CoachingPhase;
  allowed: readonly CoachActionType[];
  proposedIdentityId: string | null;
  currentIdentityId: string | null;
  /** The notes the coach was given this turn, each with its title as its Note line shows it. */
  notes: readonly ContextItem[];
  /** The coach's last message before the user's current one (null when there is none): what the user answers. */
  lastCoachMessage: string | null;
}

export interface CommandToSend {
  contract: CommandContract;
  payload: Record<string, unknown>;
}

/** What to do with one tool call: send a command (PENDING) or refuse it (REFUSED, never sent). */
export type ActionPlan =
  | { type: CoachActionType; status: 'PENDING'; parameters: Record<string, unknown>; command: CommandToSend }
  | { type: CoachActionType; status: 'REFUSED'; parameters: Record<string, unknown>; reason: string };

export function isCoachActionType(name: string): name is CoachActionType {
  return (COACH_ACTION_TYPES as readonly string[]).includes(name);
}

const asRecord = (args: unknown): Record<string, unknown> => (args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {});

/**
 * Decides one tool call: the prompt must allow it, its arguments must hold, an identity it leaves
 * out must be resolvable and a note to forget must have been confirmed by the user; only then does
 * it become its owner's command. Names outside
 * COACH_ACTION_TYPES are not actions at all: the caller drops them.
 */
export function planAction(call: ToolCallRequest & { name: CoachActionType }, scope: ActionScope): ActionPlan {
  const type = call.name;
  const refuse = (reason: string, parameters = asRecord(call.args)): ActionPlan => ({ type, status: 'REFUSED', parameters, reason });
  if (!scope.allowed.includes(type)) return refuse(`${type} is not allowed in the ${scope.phase} phase`);
  const parsed = parseCoachActionCall(call);
  if (!parsed.ok) return refuse(`Invalid arguments: ${parsed.error}`);
  const command = commandFor(parsed.action, scope);
  if ('reason' in command) return refuse(command.reason, parsed.action.args);
  // The contract is the last word: a payload it refuses would fail the whole turn at emit.
  const valid = command.contract.payload.safeParse(command.payload);
  if (!valid.success) return refuse(`Invalid arguments: ${valid.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, command.parameters);
  return { type, status: 'PENDING', parameters: command.parameters, command: { contract: command.contract, payload: command.payload } };
}

type Resolved = { contract: CommandContract; payload: Record<string, unknown>; parameters: Record<string, unknown> } | { reason: string };

function commandFor(action: CoachAction, scope: ActionScope): Resolved {
  const { userId, proposedIdentityId, currentIdentityId } = scope;
  const withIdentity = (contract: CommandContract, identityId: string | null | undefined, missing: string, rest: Record<string, unknown> = {}): Resolved => {
    if (!identityId) return { reason: missing };
    const parameters = { ...rest, identityId };
    return { contract, parameters, payload: { userId, ...parameters } };
  };
  switch (action.name) {
    case 'propose_identity':
      return { contract: ProposeIdentity, parameters: action.args, payload: { userId, ...action.args } };
    case 'update_identity': {
      const { identityId, ...changes } = action.args;
      return withIdentity(UpdateIdentity, identityId ?? currentIdentityId ?? proposedIdentityId, 'There is no identity to update yet', changes);
    }
    case 'accept_identity':
      return withIdentity(AcceptIdentity, action.args.identityId ?? proposedIdentityId, 'There is no proposed identity to accept');
    case 'complete_identity_refinement':
      return withIdentity(CompleteIdentityRefinement, action.args.identityId ?? currentIdentityId ?? proposedIdentityId, 'There is no identity to complete');
    case 'transition_phase':
      return { contract: TransitionPhase, parameters: action.args, payload: { userId, to: action.args.toPhase, ...(action.args.reason ? { reason: action.args.reason } : {}) } };
    case 'suggest_connection':
      return { contract: SuggestConnections, parameters: action.args, payload: { userId, context: action.args.context, ...(action.args.limit ? { limit: action.args.limit } : {}) } };
    // Progress's actions carry their arguments as they are: progress resolves the due time in the user's time zone.
    case 'create_goal':
      return { contract: CreateGoal, parameters: action.args, payload: { userId, ...action.args } };
    case 'create_commitment':
      return { contract: CreateCommitment, parameters: action.args, payload: { userId, ...action.args } };
    case 'complete_commitment':
      return { contract: CompleteCommitment, parameters: action.args, payload: { userId, ...action.args } };
    case 'log_energy':
      return { contract: RecordEnergy, parameters: action.args, payload: { userId, ...action.args } };
    // Sentinel owns the notes: a note that is not the user's is rejected there (command.rejected).
    case 'forget_note':
      if (!confirmedForgetting(action.args.noteId, scope)) return { reason: FORGET_UNCONFIRMED };
      return { contract: ForgetNote, parameters: action.args, payload: { userId, noteId: action.args.noteId } };
    case 'correct_note':
      return { contract: CorrectNote, parameters: action.args, payload: { userId, noteId: action.args.noteId, note: action.args.content } };
  }
}

export const FORGET_UNCONFIRMED = 'Confirm first: name the note (its text) and ask the user before forgetting it';

/**
 * A note is forgotten only once the user has confirmed it: the coach's last message named it
 * (see namesNote) and the user's message of this turn answers it. A note the coach was not given
 * this turn cannot have been named, so it is never forgotten.
 */
function confirmedForgetting(noteId: string, { notes, lastCoachMessage }: ActionScope): boolean {
  const note = notes.find((candidate) => candidate.id.toLowerCase() === noteId.toLowerCase());
  return Boolean(note && lastCoachMessage && namesNote(lastCoachMessage, note.title));
}

/** A long note counts as named by its first words: a coach may shorten it ("…") when it quotes it. */
const NAMING_WORDS = 12;

/** The words of a text, lower-cased, apostrophes kept inside words, every other sign dropped. */
const wordsOf = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'")
    .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];

/**
 * Whether a coach message names a note: the note's words (its first NAMING_WORDS for a long one)
 * appear in the message in order, as whole words, whatever the quotes, punctuation, spacing or
 * case around them. Part of a note is not naming it: "dog" does not name "Has a dog called Pixel".
 */
export function namesNote(message: string, title: string): boolean {
  const wanted = wordsOf(title).slice(0, NAMING_WORDS);
  if (!wanted.length) return false;
  return ` ${wordsOf(message).join(' ')} `.includes(` ${wanted.join(' ')} `);
}
