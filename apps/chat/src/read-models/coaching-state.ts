import type { CoachingPhase } from '@tandem/contracts';

/** What the read models look like to the rules below: no ORM, so they are tested on plain objects. */
export interface KnownContext {
  phase: CoachingPhase;
  currentIdentityId: string | null;
  proposedIdentityId: string | null;
}

export interface KnownIdentity {
  id: string;
  name: string;
  category: string;
  state: 'PROPOSED' | 'ACCEPTED' | 'REFINEMENT_COMPLETE';
  affirmation: string | null;
  visualization: string | null;
  archived: boolean;
}

/** Where the user stands, as far as chat knows: what a turn is about. */
export interface CoachingState<I extends KnownIdentity = KnownIdentity> {
  phase: CoachingPhase;
  /** Not archived, oldest change first. */
  identities: I[];
  proposedIdentityId: string | null;
  currentIdentityId: string | null;
}

/** A user coach-state has not announced yet is at the start of the journey. */
export const FIRST_PHASE: CoachingPhase = 'GET_TO_KNOW_YOU';

/**
 * Combines coach-state's view with the identities' own events. coach-state learns of a new
 * identity after chat may have (both follow identities' events), so when its ids are missing or
 * stale the identities fill in: the newest proposed one, the newest accepted one.
 */
export function coachingStateOf<I extends KnownIdentity>(context: KnownContext | null, all: I[]): CoachingState<I> {
  const identities = all.filter((identity) => !identity.archived);
  const byId = new Map(all.map((identity) => [identity.id, identity]));
  const usable = (id: string | null | undefined, states: KnownIdentity['state'][]) => {
    if (!id) return null;
    const known = byId.get(id);
    // Not seen yet: trust coach-state; seen: only while it is still in that state and not archived.
    return !known || (!known.archived && states.includes(known.state)) ? id : null;
  };
  const newest = (states: KnownIdentity['state'][]) => identities.filter((identity) => states.includes(identity.state)).at(-1)?.id ?? null;
  const settled: KnownIdentity['state'][] = ['ACCEPTED', 'REFINEMENT_COMPLETE'];
  return {
    phase: context?.phase ?? FIRST_PHASE,
    identities,
    proposedIdentityId: usable(context?.proposedIdentityId, ['PROPOSED']) ?? newest(['PROPOSED']),
    currentIdentityId: usable(context?.currentIdentityId, settled) ?? newest(settled),
  };
}
