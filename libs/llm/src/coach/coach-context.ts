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
 * lines of the prompt.
 */
export interface CoachContext {
  phase?: CoachingPhase;
  proposedIdentityId?: string;
  currentIdentityId?: string;
}

const KEYS = { phase: 'Phase', proposedIdentityId: 'Proposed identity', currentIdentityId: 'Current identity' } as const;

export function formatCoachContext(context: CoachContext): string {
  return (Object.keys(KEYS) as (keyof CoachContext)[]).map((key) => `${KEYS[key]}: ${context[key] ?? 'none'}`).join('\n');
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
  return context;
}
