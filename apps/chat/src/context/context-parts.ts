import type { NoteView, StrengthsSummary } from '@tandem/contracts';

import { commitmentLine, type ProfileForPrompt } from '../prompts/prompt.renderer';
import type { ProgressSnapshot } from '../read-models/progress-read-model.repository';
import { estimateTokens, fitItems, fitTexts } from './context-budget';

/** The token budgets of the parts of what the coach knows of the user (chat.config.ts's CHAT_CONTEXT_TOKENS_*). */
export interface ContextBudgets {
  profile: number;
  notes: number;
  earlierConversations: number;
  progress: number;
}

/** What the turn found about the user, before the budgets. */
export interface FoundContext {
  notes: NoteView[];
  progress: ProgressSnapshot;
  profile: { name: string | null; strengths: StrengthsSummary | null };
  /** Newest first. */
  summaries: string[];
}

export interface BudgetedContext {
  notes: NoteView[];
  progress: ProgressSnapshot;
  profile: ProfileForPrompt;
  earlierConversations: string[];
}

/** A `Key: <uuid> ` prefix's tokens: what an item line costs beyond its text. */
const ITEM_LINE_OVERHEAD = estimateTokens('Open commitment: 00000000-0000-0000-0000-000000000000 ');
const TEXT_LINE_OVERHEAD = estimateTokens('Earlier conversation: ');

/** The AST strengths as context lines: the one they lead with first, then their flow attributes and collaboration style. */
export function strengthLines(strengths: StrengthsSummary | null): string[] {
  if (!strengths) return [];
  const lines = [`${strengths.primaryStrength} (their leading AST strength)`, ...strengths.flowAttributes.map((attribute) => `${attribute} (flow attribute)`)];
  if (strengths.collaborationStyle) lines.push(`${strengths.collaborationStyle} (collaboration style)`);
  return lines;
}

/**
 * Each part within its token budget, in the order it came: notes most relevant (or newest) first,
 * summaries newest first, open commitments by due time then open goals, the name before the
 * strengths. Goals come only when every open commitment fit.
 */
export function withinBudgets({ notes, progress, profile, summaries }: FoundContext, budgets: ContextBudgets): BudgetedContext {
  const itemCost = (text: string) => ITEM_LINE_OVERHEAD + estimateTokens(text);
  // A commitment is also listed in the prompt's prose (its schedule and due time): both count.
  const commitmentCost = (commitment: ProgressSnapshot['openCommitments'][number]) => itemCost(commitment.title) + estimateTokens(commitmentLine(commitment));
  const commitments = fitItems(progress.openCommitments, budgets.progress, commitmentCost);
  const progressLeft = budgets.progress - commitments.reduce((sum, commitment) => sum + commitmentCost(commitment), 0);
  const goals = commitments.length === progress.openCommitments.length ? fitItems(progress.openGoals, progressLeft, (goal) => itemCost(goal.title)) : [];
  const profileTexts = fitTexts([...(profile.name ? [profile.name] : []), ...strengthLines(profile.strengths)], budgets.profile, TEXT_LINE_OVERHEAD);
  // The name comes first: kept (clipped if it must be) before any strength.
  const name = profile.name ? (profileTexts[0] ?? null) : null;
  return {
    notes: fitItems(notes, budgets.notes, (note) => itemCost(note.note)),
    progress: { ...progress, openCommitments: commitments, openGoals: goals },
    profile: { name, strengths: profileTexts.slice(profile.name ? 1 : 0) },
    earlierConversations: fitTexts(summaries, budgets.earlierConversations, TEXT_LINE_OVERHEAD),
  };
}
