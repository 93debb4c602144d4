import type { CoachingPhase } from '@tandem/contracts';
import { DomainError } from '@tandem/messaging';

/** What a transition may depend on: the identities the user has accepted and refined. */
export interface JourneyFacts {
  acceptedIdentityIds: readonly string[];
  refinedIdentityIds: readonly string[];
}

interface Move {
  to: CoachingPhase;
  /** Why the move is refused, or null when it is allowed. */
  refusal?: (facts: JourneyFacts) => string | null;
}

const needsAccepted = (facts: JourneyFacts) => (facts.acceptedIdentityIds.length > 0 ? null : 'IDENTITY_REFINEMENT needs at least one accepted identity');
const needsRefined = (facts: JourneyFacts) => (facts.refinedIdentityIds.length > 0 ? null : 'INTEGRATION needs at least one identity whose refinement is complete');

/**
 * The coaching journey. Forward one step at a time; from refinement or integration a user may go
 * back to create another identity; COMPLETED is final.
 */
const MOVES: Record<CoachingPhase, Move[]> = {
  GET_TO_KNOW_YOU: [{ to: 'IDENTITY_CREATION' }],
  IDENTITY_CREATION: [{ to: 'IDENTITY_REFINEMENT', refusal: needsAccepted }],
  IDENTITY_REFINEMENT: [{ to: 'INTEGRATION', refusal: needsRefined }, { to: 'IDENTITY_CREATION' }],
  INTEGRATION: [{ to: 'COMPLETED' }, { to: 'IDENTITY_CREATION' }],
  COMPLETED: [],
};

/** A move the journey does not allow: the command's answer is command.rejected with `reason`. */
export class TransitionRefused extends DomainError<'TRANSITION_REFUSED'> {
  constructor(
    readonly from: CoachingPhase,
    readonly to: CoachingPhase,
    readonly reason: string,
  ) {
    super('TRANSITION_REFUSED', reason, 409);
  }
}

/** Throws TransitionRefused with the reason when `from -> to` is not allowed for these facts. */
export function assertTransition(from: CoachingPhase, to: CoachingPhase, facts: JourneyFacts): void {
  if (from === to) throw new TransitionRefused(from, to, `Already in ${to}`);
  const move = MOVES[from].find((candidate) => candidate.to === to);
  if (!move) {
    const allowed = MOVES[from].map((candidate) => candidate.to);
    throw new TransitionRefused(from, to, `${from} cannot move to ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ': the journey is complete'}`);
  }
  const refusal = move.refusal?.(facts);
  if (refusal) throw new TransitionRefused(from, to, refusal);
}

export function allowedMoves(from: CoachingPhase): CoachingPhase[] {
  return MOVES[from].map((move) => move.to);
}
