import { coachingPhase, type CoachingPhase } from '@tandem/contracts';

/**
 * The coach context convention: lines in the system prompt that tell any model, and the offline
 * coach in particular, where the user stands.
 *
 *     Phase: IDENTITY_CREATION
 *     Proposed identity: 0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61
 *     Current identity: none
 *
 * One `Key: value` per line, keys case-insensitive, `none` (or a missing line) for no value. When
 * a key appears more than once the last line wins, so a context block appended after a prompt's
 * own text overrides any example in it. The tools the model may call are the bound tools, not
 * lines of the prompt. The user's open commitments follow, one line each (all of them count):
 *
 *     Open commitment: 2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a Walk 20 minutes every morning
 */
export interface CoachContext {
  phase?: CoachingPhase;
  proposedIdentityId?: string;
  currentIdentityId?: string;
  openCommitments?: OpenCommitment[];
}

export interface OpenCommitment {
  id: string;
  title: string;
}

const OPEN_COMMITMENT = 'Open commitment';
const OPEN_COMMITMENT_LINE = /^[ \t]*Open commitment[ \t]*:[ \t]*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[ \t]+(\S.*?)[ \t]*$/gim;

const KEYS = { phase: 'Phase', proposedIdentityId: 'Proposed identity', currentIdentityId: 'Current identity' } as const;

export function formatCoachContext(context: CoachContext): string {
  const lines = (Object.keys(KEYS) as (keyof typeof KEYS)[]).map((key) => `${KEYS[key]}: ${context[key] ?? 'none'}`);
  // One line each; a title is one line (a newline in it would start a line the parser reads as something else).
  for (const { id, title } of context.openCommitments ?? []) lines.push(`${OPEN_COMMITMENT}: ${id} ${title.replace(/\s+/g, ' ').trim()}`);
  return lines.join('\n');
}

function lastValue(text: string, label: string): string | undefined {
  const pattern = new RegExp(`^[ \\t]*${label}[ \\t]*:[ \\t]*(\\S+)[ \\t]*$`, 'gim');
  const values = [...text.matchAll(pattern)].map((match) => match[1]!);
  const value = values.at(-1);
  return value === undefined || value.toLowerCase() === 'none' ? undefined : value;
}

/** Reads the convention back; an unknown phase name counts as no phase. */
export function parseCoachContext(systemPrompt: string): CoachContext {
  const phase = coachingPhase.safeParse(lastValue(systemPrompt, KEYS.phase)?.toUpperCase());
  const context: CoachContext = {};
  if (phase.success) context.phase = phase.data;
  const proposed = lastValue(systemPrompt, KEYS.proposedIdentityId);
  if (proposed) context.proposedIdentityId = proposed;
  const current = lastValue(systemPrompt, KEYS.currentIdentityId);
  if (current) context.currentIdentityId = current;
  const commitments = [...systemPrompt.matchAll(OPEN_COMMITMENT_LINE)].map((match) => ({ id: match[1]!.toLowerCase(), title: match[2]! }));
  if (commitments.length) context.openCommitments = commitments;
  return context;
}
