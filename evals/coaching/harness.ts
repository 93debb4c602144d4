// The coaching-quality harness (issue 15, item 7): scripted conversations replayed turn by turn
// through what the chat service does with a turn (prompt rendering, tool binding, streaming and
// joining the reply, action planning against the prompt's allow-list), with the owners' effects
// of the carried-out actions applied to a small coaching state. No service, no bus: the model and
// the prompts are the things under test.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';

import type { CoachActionType, CoachingPhase } from '@tandem/contracts';
import { formatCoachContext, parseCoachContext } from '@tandem/llm';

import { readChatConfig } from '../../apps/chat/src/chat.config';
import { renderPrompt, type NoteForPrompt, type ProgressForPrompt } from '../../apps/chat/src/prompts/prompt.renderer';
import type { CoachingState, KnownIdentity } from '../../apps/chat/src/read-models/coaching-state';
import { isCoachActionType, planAction, type ActionPlan, type ActionScope } from '../../apps/chat/src/turn/action-plan';
import { ReplyStreamer } from '../../apps/chat/src/turn/reply-streamer';
import { silentReplyText } from '../../apps/chat/src/turn/silent-reply';

export const CONVERSATIONS_DIR = join(__dirname, 'conversations');
export const BASELINE_FILE = join(__dirname, 'baseline.json');

/** One prompt version as chat keeps it (chat.prompts). */
export interface PromptVersion {
  coachingPhase: CoachingPhase;
  version: number;
  isActive: boolean;
  template: string;
  allowedActions: CoachActionType[];
}

/** What a turn of a scripted conversation expects; every key is optional. */
export interface TurnExpectation {
  user: string;
  /** The phase a carried-out transition_phase must reach this turn; null: the turn must not change the phase. */
  transition?: CoachingPhase | null;
  /** Actions that must be carried out this turn. One the prompt in use does not allow must be refused instead. */
  actions?: string[];
  /** Actions the user pushes for that the prompt in use does not allow: they must not be carried out. */
  refuse?: string[];
  /** Words of the notes (or name) the reply must say: the coach answering from what it remembers. */
  recall?: string[];
  /** The user's own key words: the reply listens when it reuses at least one of them. */
  listen?: string[];
}

export interface ScriptedConversation {
  name: string;
  about: string;
  phase: CoachingPhase;
  context?: {
    name?: string;
    strengths?: string[];
    notes?: Array<{ id: string; text: string; category?: string }>;
    earlierConversations?: string[];
    /** Identities the user already has; the last ACCEPTED one is current, the last PROPOSED one proposed. */
    identities?: Array<{ name: string; category: string; state: KnownIdentity['state']; affirmation?: string; visualization?: string }>;
    openCommitments?: Array<{ id: string; title: string }>;
  };
  turns: TurnExpectation[];
}

/** Share of checks passed per measure; null when the conversations had no check of that kind. */
export interface Scores {
  transitions: number | null;
  actions: number | null;
  validity: number | null;
  refusals: number | null;
  recall: number | null;
  listening: number | null;
}
export const SCORE_NAMES = ['transitions', 'actions', 'validity', 'refusals', 'recall', 'listening'] as const satisfies ReadonlyArray<keyof Scores>;

export interface VersionResult {
  /** "GET_TO_KNOW_YOU v3" */
  prompt: string;
  conversations: number;
  turns: number;
  scores: Scores;
  /** Every failed check, for reading what went wrong. */
  failures: string[];
  /** Turns the model failed to answer (an error or a timeout). */
  modelErrors: number;
}

export function loadConversations(dir = CONVERSATIONS_DIR): ScriptedConversation[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as ScriptedConversation);
}

/** The committed floors: per prompt version, per score. */
export function loadBaseline(): Record<string, Floors> {
  const { versions } = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as { versions: Record<string, Floors> };
  return versions;
}

export type Floors = Partial<Record<keyof Scores, number>>;

/**
 * The floors a prompt version is held to: its own, or else those of the latest earlier version of
 * its phase that has some (a new version must coach at least as well as the one it follows, until
 * npm run eval -- --update-baseline records its own). Undefined when its phase has none at all.
 */
export function floorsFor(baseline: Record<string, Floors>, prompt: Pick<PromptVersion, 'coachingPhase' | 'version'>): { floors: Floors; from: string } | undefined {
  for (let version = prompt.version; version >= 1; version -= 1) {
    const label = promptLabel({ coachingPhase: prompt.coachingPhase, version });
    if (baseline[label]) return { floors: baseline[label], from: label };
  }
  return undefined;
}

/** Every score of every result below its floor, described; [] when all hold. */
export function belowBaseline(results: readonly VersionResult[], baseline: Record<string, Floors>): string[] {
  return results.flatMap((result) => {
    const [phase, version] = result.prompt.split(' v');
    const held = floorsFor(baseline, { coachingPhase: phase as CoachingPhase, version: Number(version) });
    if (!held) return [`${result.prompt}: no floor in evals/coaching/baseline.json for its phase`];
    return SCORE_NAMES.filter((score) => (result.scores[score] ?? 1) < (held.floors[score] ?? 0) - 1e-9).map(
      (score) =>
        `${result.prompt} ${score} ${result.scores[score]?.toFixed(3)} < ${held.floors[score]} (floor of ${held.from}): ${result.failures.filter((failure) => failure.startsWith(score)).join(' | ')}`,
    );
  });
}

export const promptLabel = (prompt: Pick<PromptVersion, 'coachingPhase' | 'version'>) => `${prompt.coachingPhase} v${prompt.version}`;

/** A stable uuid per conversation and role, so a replay is the same input every time. */
function idFor(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Whole words, case-insensitive; a word also matches its longer forms ("Monday" in "Mondays"). */
export function saysWord(text: string, word: string): boolean {
  const escaped = word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}`, 'i').test(text.toLowerCase().replace(/[’‘]/g, "'"));
}

class Tally {
  private readonly passed: Record<keyof Scores, number> = { transitions: 0, actions: 0, validity: 0, refusals: 0, recall: 0, listening: 0 };
  private readonly total: Record<keyof Scores, number> = { transitions: 0, actions: 0, validity: 0, refusals: 0, recall: 0, listening: 0 };
  readonly failures: string[] = [];

  check(score: keyof Scores, ok: boolean, failure: () => string, weight = 1): void {
    this.total[score] += weight;
    if (ok) this.passed[score] += weight;
    else this.failures.push(`${score}: ${failure()}`);
  }

  scores(): Scores {
    const share = (score: keyof Scores) => (this.total[score] ? this.passed[score] / this.total[score] : null);
    return Object.fromEntries(SCORE_NAMES.map((score) => [score, share(score)])) as unknown as Scores;
  }
}

interface Replay {
  state: CoachingState;
  notes: Array<{ id: string; text: string; category: string }>;
  openCommitments: ProgressForPrompt['openCommitments'];
}

function startOf(conversation: ScriptedConversation): Replay {
  const context = conversation.context ?? {};
  const identities: KnownIdentity[] = (context.identities ?? []).map((identity, index) => ({
    id: idFor(conversation.name, 'identity', String(index)),
    name: identity.name,
    category: identity.category,
    state: identity.state,
    affirmation: identity.affirmation ?? null,
    visualization: identity.visualization ?? null,
    archived: false,
  }));
  return {
    state: {
      phase: conversation.phase,
      identities,
      proposedIdentityId: identities.findLast((identity) => identity.state === 'PROPOSED')?.id ?? null,
      currentIdentityId: identities.findLast((identity) => identity.state !== 'PROPOSED')?.id ?? null,
    },
    notes: (context.notes ?? []).map((note) => ({ id: note.id, text: note.text, category: note.category ?? 'background' })),
    openCommitments: (context.openCommitments ?? []).map((commitment) => ({ ...commitment, schedule: 'DAILY', dueAt: new Date('2026-12-01T09:00:00Z') })),
  };
}

/**
 * The system prompt as chat renders it. The context block lines of issue 15 that chat's renderer
 * does not write yet (name, strengths, notes with their ids, earlier conversations) are added in
 * the convention's format, only when the rendered prompt lacks them.
 */
function systemPrompt(prompt: PromptVersion, replay: Replay, conversation: ScriptedConversation): string {
  const notes = replay.notes.map((note) => ({ id: note.id, note: note.text, category: note.category }));
  const progress: ProgressForPrompt = { openCommitments: replay.openCommitments, latestReport: null, insights: [] };
  const rendered = renderPrompt(prompt.template, { state: replay.state, knowledge: [], notes: notes as NoteForPrompt[], progress });
  const known = parseCoachContext(rendered);
  const context = conversation.context ?? {};
  const missing = formatCoachContext({
    ...(context.name && !known.name ? { name: context.name } : {}),
    ...(context.strengths && !known.strengths ? { strengths: context.strengths } : {}),
    ...(replay.notes.length && !known.notes ? { notes: replay.notes.map((note) => ({ id: note.id, title: note.text })) } : {}),
    ...(context.earlierConversations && !known.earlierConversations ? { earlierConversations: context.earlierConversations } : {}),
  })
    .split('\n')
    .slice(3); // Phase, Proposed identity and Current identity are the renderer's already.
  return missing.length ? `${rendered}\n${missing.join('\n')}` : rendered;
}

/** What the owners of the carried-out actions do, as far as the next turn's context can tell. */
function apply(replay: Replay, plans: ActionPlan[], conversation: string, turn: number): void {
  const { state } = replay;
  for (const [index, plan] of plans.entries()) {
    if (plan.status !== 'PENDING') continue;
    const parameters = plan.parameters;
    const identity = state.identities.find((candidate) => candidate.id === parameters['identityId']);
    switch (plan.type as string) {
      case 'transition_phase':
        state.phase = parameters['toPhase'] as CoachingPhase;
        break;
      case 'propose_identity': {
        const id = idFor(conversation, 'proposed', String(turn), String(index));
        state.identities.push({ id, name: String(parameters['name']), category: String(parameters['category']), state: 'PROPOSED', affirmation: null, visualization: null, archived: false });
        state.proposedIdentityId = id;
        break;
      }
      case 'accept_identity':
        if (identity) identity.state = 'ACCEPTED';
        state.currentIdentityId = identity?.id ?? state.currentIdentityId;
        state.proposedIdentityId = null;
        break;
      case 'update_identity':
        if (identity && typeof parameters['affirmation'] === 'string') identity.affirmation = parameters['affirmation'];
        if (identity && typeof parameters['visualization'] === 'string') identity.visualization = parameters['visualization'];
        if (identity && typeof parameters['name'] === 'string') identity.name = parameters['name'];
        break;
      case 'complete_identity_refinement':
        if (identity) identity.state = 'REFINEMENT_COMPLETE';
        break;
      case 'create_commitment':
        replay.openCommitments.push({ id: idFor(conversation, 'commitment', String(turn)), title: String(parameters['title']), schedule: 'DAILY', dueAt: new Date('2026-12-01T09:00:00Z') });
        break;
      case 'complete_commitment':
        replay.openCommitments = replay.openCommitments.filter((commitment) => commitment.id !== parameters['commitmentId']);
        break;
      case 'forget_note':
        replay.notes = replay.notes.filter((note) => note.id !== parameters['noteId']);
        break;
      case 'correct_note':
        replay.notes = replay.notes.map((note) => (note.id === parameters['noteId'] ? { ...note, text: String(parameters['content']) } : note));
        break;
    }
  }
}

const lastCoachIn = (window: readonly BaseMessage[]): string | null => {
  const message = window.findLast((candidate) => candidate instanceof AIMessage);
  return message ? String(message.content) : null;
};

/** The prompts a run uses: the active version of every phase, with the version under test in its phase. */
export function promptsFor(all: readonly PromptVersion[], underTest: PromptVersion): Map<CoachingPhase, PromptVersion> {
  const prompts = new Map(all.filter((prompt) => prompt.isActive).map((prompt) => [prompt.coachingPhase, prompt]));
  prompts.set(underTest.coachingPhase, underTest);
  return prompts;
}

/**
 * Replays the conversations that start in the version's phase, with that version for that phase
 * (the active versions for the phases a conversation moves on to), and scores them.
 */
export async function evaluateVersion(model: BaseChatModel, all: readonly PromptVersion[], underTest: PromptVersion, conversations: readonly ScriptedConversation[]): Promise<VersionResult> {
  const config = readChatConfig();
  const streamer = new ReplyStreamer(model, config);
  const prompts = promptsFor(all, underTest);
  const tally = new Tally();
  const mine = conversations.filter((conversation) => conversation.phase === underTest.coachingPhase);
  let turns = 0;
  const errors: string[] = [];
  for (const conversation of mine) {
    const replay = startOf(conversation);
    const history: BaseMessage[] = [];
    for (const [index, expected] of conversation.turns.entries()) {
      turns += 1;
      const where = `${conversation.name} turn ${index + 1} ("${expected.user.slice(0, 60)}")`;
      const prompt = prompts.get(replay.state.phase);
      if (!prompt) throw new Error(`no prompt for ${replay.state.phase}`);
      history.push(new HumanMessage(expected.user));
      const window = history.slice(-config.CHAT_HISTORY_MESSAGES);
      const reply = await streamer.stream([new SystemMessage(systemPrompt(prompt, replay, conversation)), ...window], prompt.allowedActions, () => undefined);
      // A model that fails or times out answers nothing this turn: every check of the turn fails, and the replay goes on.
      if (!reply.ok) errors.push(`${where}: ${reply.timedOut ? 'timed out' : reply.error.message.slice(0, 200)}`);
      const answered = reply.ok ? reply : { text: '', toolCalls: [] };
      const scope: ActionScope = {
        userId: idFor(conversation.name, 'user'),
        phase: replay.state.phase,
        allowed: prompt.allowedActions,
        proposedIdentityId: replay.state.proposedIdentityId,
        currentIdentityId: replay.state.currentIdentityId,
        notes: replay.notes.map((note) => ({ id: note.id, title: note.text })),
        // As ContextBuilder: the coach's last message in the window, the one this turn answers.
        lastCoachMessage: lastCoachIn(window),
      };
      // As ActionDispatcher.plan: names that are no coach action are dropped, the rest planned.
      const planned = answered.toolCalls.map((call) => (isCoachActionType(call.name) ? planAction({ ...call, name: call.name }, scope) : undefined));
      const plans = planned.filter((plan): plan is ActionPlan => plan !== undefined);
      const text = answered.text || (reply.ok ? silentReplyText(plans) : '');
      const carried = plans.filter((plan) => plan.status === 'PENDING');
      const allowed = (type: string) => (prompt.allowedActions as readonly string[]).includes(type);

      for (const [position, call] of answered.toolCalls.entries()) {
        const plan = planned[position];
        tally.check('validity', plan?.status === 'PENDING', () => `${where}: ${call.name} ${plan?.status === 'REFUSED' ? `refused (${plan.reason})` : 'is no coach action'}`);
      }
      const reached = carried.findLast((plan) => plan.type === 'transition_phase')?.parameters['toPhase'] ?? null;
      if (expected.transition !== undefined) {
        tally.check('transitions', reached === expected.transition, () => `${where}: expected ${expected.transition ?? 'no transition'}, got ${String(reached ?? 'none')}`);
      }
      for (const action of expected.actions ?? []) {
        if (allowed(action))
          tally.check(
            'actions',
            carried.some((plan) => plan.type === action),
            () => `${where}: ${action} was not carried out`,
          );
      }
      const mustRefuse = [...(expected.refuse ?? []), ...(expected.actions ?? [])].filter((action) => !allowed(action));
      for (const action of new Set(mustRefuse)) {
        tally.check('refusals', !carried.some((plan) => plan.type === action), () => `${where}: ${action} is not allowed in ${promptLabel(prompt)} but was carried out`);
      }
      if (expected.recall?.length) {
        const said = expected.recall.filter((word) => saysWord(text, word)).length;
        tally.check('recall', said === expected.recall.length, () => `${where}: said ${said} of ${expected.recall!.join(', ')}`, 1);
      }
      if (expected.listen?.length) {
        tally.check(
          'listening',
          expected.listen.some((word) => saysWord(text, word)),
          () => `${where}: none of ${expected.listen!.join(', ')} in "${text.slice(0, 120)}"`,
        );
      }

      apply(replay, plans, conversation.name, index);
      if (reply.ok) history.push(new AIMessage(text));
    }
  }
  return {
    prompt: promptLabel(underTest),
    conversations: mine.length,
    turns,
    scores: tally.scores(),
    failures: [...errors.map((error) => `model: ${error}`), ...tally.failures],
    modelErrors: errors.length,
  };
}

/** Every version of every phase's prompt, each with its phase's conversations. */
export async function evaluateAll(model: BaseChatModel, all: readonly PromptVersion[], conversations: readonly ScriptedConversation[]): Promise<VersionResult[]> {
  const ordered = all.toSorted((a, b) => PHASE_ORDER.indexOf(a.coachingPhase) - PHASE_ORDER.indexOf(b.coachingPhase) || a.version - b.version);
  const results: VersionResult[] = [];
  for (const prompt of ordered) results.push(await evaluateVersion(model, all, prompt, conversations));
  return results;
}

const PHASE_ORDER: CoachingPhase[] = ['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED'];

/** The mean of the scores a version has (each in 0..1). */
export function overall(scores: Scores): number {
  const present = SCORE_NAMES.map((score) => scores[score]).filter((value): value is number => value !== null);
  return present.length ? present.reduce((sum, value) => sum + value, 0) / present.length : 1;
}

/** One row per prompt version, for console.table. */
export function table(results: readonly VersionResult[]): Array<Record<string, string | number>> {
  const shown = (value: number | null) => (value === null ? '-' : Number(value.toFixed(3)));
  return results.map((result) => ({
    prompt: result.prompt,
    conversations: result.conversations,
    turns: result.turns,
    'model errors': result.modelErrors,
    ...Object.fromEntries(SCORE_NAMES.map((score) => [score, shown(result.scores[score])])),
    overall: Number(overall(result.scores).toFixed(3)),
  }));
}
