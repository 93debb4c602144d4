import type { CoachingPhase } from '@tandem/contracts';
import { formatCoachContext } from '@tandem/llm';

import type { CoachingState, KnownIdentity } from '../read-models/coaching-state';

export interface PassageForPrompt {
  title: string;
  content: string;
}

/** What Sentinel remembers about the user (its note text and category, and its id for the memory actions). */
export interface NoteForPrompt {
  id?: string;
  note: string;
  category: string;
}

/** Who the user is, from their team profile: their name and AST strengths, as context lines. */
export interface ProfileForPrompt {
  name: string | null;
  /** One line each: the leading strength first. */
  strengths: string[];
}

/** The user's progress as chat's read model keeps it (progress's events). */
export interface ProgressForPrompt {
  openGoals?: Array<{ id: string; title: string }>;
  openCommitments: Array<{ id: string; title: string; schedule: string; dueAt: Date }>;
  latestReport: { type: string; periodEnd: Date; summary: string } | null;
  insights: string[];
}

export interface PromptInput {
  state: CoachingState;
  knowledge: PassageForPrompt[];
  notes?: NoteForPrompt[];
  progress?: ProgressForPrompt;
  profile?: ProfileForPrompt;
  /** Summaries of the user's earlier conversations, newest first. */
  earlierConversations?: string[];
}

/** One open commitment as the prompt's prose lists it (beside its `Open commitment:` context line). */
export function commitmentLine(commitment: ProgressForPrompt['openCommitments'][number]): string {
  return `- "${commitment.title}" (${commitment.schedule}, next due ${commitment.dueAt.toISOString()}, id ${commitment.id})`;
}

/** Open commitments (with their ids, for complete_commitment), the latest report and the insights; '' when there is nothing. */
function describeProgress({ openCommitments, latestReport, insights }: ProgressForPrompt): string {
  const parts: string[] = [];
  if (openCommitments.length) {
    const lines = openCommitments.map(commitmentLine);
    parts.push(`The user's open commitments:\n${lines.join('\n')}`);
  }
  if (latestReport) parts.push(`Their latest progress report (${latestReport.type}, to ${latestReport.periodEnd.toISOString().slice(0, 10)}): ${latestReport.summary}`);
  if (insights.length) parts.push(`Patterns in their progress:\n${insights.map((insight) => `- ${insight}`).join('\n')}`);
  return parts.join('\n\n');
}

/** The placeholders a template may use; anything else in braces is left as written. */
export const PLACEHOLDERS = ['phase', 'identities', 'knowledge', 'notes', 'proposed_identity', 'current_identity'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

function describeIdentity(identity: KnownIdentity | undefined, id: string | null): string {
  if (!id) return 'none yet';
  if (!identity) return `an identity being set up (${id})`;
  return `"${identity.name}" (${identity.category}, ${identity.state})`;
}

function listIdentities(identities: KnownIdentity[]): string {
  if (!identities.length) return '- none yet';
  return identities
    .map((identity) => {
      const lines = [`- "${identity.name}" (${identity.category}, ${identity.state}, id ${identity.id})`];
      if (identity.affirmation) lines.push(`  Affirmation: ${identity.affirmation}`);
      if (identity.visualization) lines.push(`  Visualization: ${identity.visualization}`);
      return lines.join('\n');
    })
    .join('\n');
}

function listKnowledge(passages: PassageForPrompt[]): string {
  if (!passages.length) return '- none for this message';
  return passages.map((passage) => `- ${passage.title}: ${passage.content}`).join('\n');
}

function listNotes(notes: NoteForPrompt[]): string {
  if (!notes.length) return '- nothing yet';
  return notes.map((note) => `- ${note.note} (${note.category})`).join('\n');
}

/**
 * The system prompt of one turn: the template with its placeholders filled (notes are appended
 * when the template has no {notes} but there are some, so every prompt version uses memory), then the coach
 * user's progress (open commitments, latest report, insights) when there is any, then the coach
 * context lines (libs/llm's convention: Phase / Proposed identity / Current identity, then Name / Strength /
 * Note / Earlier conversation / Open goal / Open commitment). They come
 * last because the last line of each key wins, whatever a template's own text says.
 */
export function renderPrompt(template: string, { state, knowledge, notes = [], progress, profile, earlierConversations = [] }: PromptInput): string {
  const byId = new Map(state.identities.map((identity) => [identity.id, identity]));
  const values: Record<Placeholder, string> = {
    phase: state.phase,
    identities: listIdentities(state.identities),
    knowledge: listKnowledge(knowledge),
    notes: listNotes(notes),
    proposed_identity: describeIdentity(state.proposedIdentityId ? byId.get(state.proposedIdentityId) : undefined, state.proposedIdentityId),
    current_identity: describeIdentity(state.currentIdentityId ? byId.get(state.currentIdentityId) : undefined, state.currentIdentityId),
  };
  let body = template.replace(/\{([a-z_]+)\}/g, (match, name: string) => (Object.hasOwn(values, name) ? values[name as Placeholder] : match));
  const withIds = notes.filter((note): note is NoteForPrompt & { id: string } => Boolean(note.id));
  const withoutIds = notes.filter((note) => !note.id);
  if (withoutIds.length && !template.includes('{notes}')) body = `${body.trimEnd()}\n\nWhat you remember about the user from earlier conversations:\n${listNotes(withoutIds)}`;
  const remembered = [
    profile?.name || profile?.strengths.length ? "the user's name and strengths (Name, Strength)" : '',
    withIds.length ? 'what you remember about them (Note, with the id the memory actions take)' : '',
    earlierConversations.length ? 'summaries of your earlier conversations with them, newest first (Earlier conversation)' : '',
    progress?.openGoals?.length ? 'their open goals (Open goal)' : '',
  ].filter(Boolean);
  if (remembered.length) body = `${body.trimEnd()}\n\nThe lines below give ${remembered.join('; ')}.`;
  const progressText = progress ? describeProgress(progress) : '';
  if (progressText) body = `${body.trimEnd()}\n\n${progressText}`;
  const context = formatCoachContext({
    phase: state.phase as CoachingPhase,
    proposedIdentityId: state.proposedIdentityId ?? undefined,
    currentIdentityId: state.currentIdentityId ?? undefined,
    ...(profile?.name ? { name: profile.name } : {}),
    ...(profile?.strengths.length ? { strengths: profile.strengths } : {}),
    ...(withIds.length ? { notes: withIds.map(({ id, note }) => ({ id, title: note })) } : {}),
    ...(earlierConversations.length ? { earlierConversations } : {}),
    ...(progress?.openGoals?.length ? { openGoals: progress.openGoals } : {}),
    ...(progress?.openCommitments.length ? { openCommitments: progress.openCommitments.map(({ id, title }) => ({ id, title })) } : {}),
  });
  return `${body.trimEnd()}\n\n${context}`;
}
