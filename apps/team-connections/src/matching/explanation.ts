import type { Strength } from '@tandem/contracts';

import type { Reason } from './matching';

const STRENGTH: Record<Strength, { label: string; brings: string }> = {
  thinking: { label: 'Thinking', brings: 'analysis' },
  planning: { label: 'Planning', brings: 'structure' },
  acting: { label: 'Acting', brings: 'momentum' },
  feeling: { label: 'Feeling', brings: 'a sense for people' },
  imagination: { label: 'Imagination', brings: 'new ideas' },
};

/** "a", "a and b", "a, b and c". */
function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function firstName(name: string): string {
  return name.split(' ')[0] ?? name;
}

function sentenceFor(who: string, reason: Reason): string {
  switch (reason.type) {
    case 'expertise_match':
      return reason.terms.length ? `${who} knows ${listOf(reason.terms.slice(0, 3))}, which your context is about.` : `${who}'s role and expertise are close to what you described.`;
    case 'similar_challenge':
      return reason.project ? `${who} has worked on “${reason.project}”, a challenge like yours.` : `${who} has faced challenges like yours in past projects.`;
    case 'complementary_strengths':
      return `${who} leads with ${STRENGTH[reason.theirs].label} (${STRENGTH[reason.theirs].brings}), which complements your ${STRENGTH[reason.yours].label}.`;
  }
}

/**
 * For the person who asked: one sentence per reason, the best two, from the reasons matching
 * actually found (a template, so it never claims what the scores did not show).
 */
export function explainToRequestor(collaboratorName: string | null, reasons: readonly Reason[]): string {
  const name = collaboratorName ?? 'This colleague';
  return reasons
    .slice(0, 2)
    .map((reason, index) => sentenceFor(index === 0 ? name : firstName(name), reason))
    .join(' ');
}

/** For the suggested colleague: who and why, from the best reason, never the requestor's context or strengths. */
export function explainToCollaborator(requestorName: string | null, reasons: readonly Reason[]): string {
  const who = requestorName ?? 'A colleague';
  const reason = reasons[0];
  switch (reason?.type) {
    case 'expertise_match':
      return reason.terms.length ? `${who} would like your help with ${listOf(reason.terms.slice(0, 3))}.` : `${who} would like your help: your expertise fits what they are working on.`;
    case 'similar_challenge':
      return reason.project ? `${who} is facing a challenge like the one you met on “${reason.project}”.` : `${who} is facing a challenge like ones you have met before.`;
    case 'complementary_strengths':
      return `${who} would like to work with you: your ${STRENGTH[reason.theirs].label} strength complements theirs.`;
    default:
      return `${who} would like to connect with you.`;
  }
}
