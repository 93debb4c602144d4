import type { IdentityState } from '@tandem/contracts';

import { IdentityError, IdentityErrorCode } from './identity.errors';

/** What the lifecycle rules look at: no ORM, no clock, so they are tested on plain objects. */
export interface LifecycleIdentity {
  state: IdentityState;
  affirmation: string | null;
  visualization: string | null;
  archivedAt: Date | null;
}

export interface IdentityEdit {
  name?: string;
  affirmation?: string;
  visualization?: string;
}

/** An archived identity is final: no move, no edit. */
function assertActive(identity: LifecycleIdentity): void {
  if (identity.archivedAt) throw new IdentityError(IdentityErrorCode.ARCHIVED, 'The identity is archived and can no longer change');
}

/** PROPOSED -> ACCEPTED, and only from PROPOSED. */
export function accept(identity: LifecycleIdentity): Pick<LifecycleIdentity, 'state'> {
  assertActive(identity);
  if (identity.state !== 'PROPOSED') throw new IdentityError(IdentityErrorCode.NOT_PROPOSED, `Only a proposed identity can be accepted; this one is ${identity.state}`);
  return { state: 'ACCEPTED' };
}

/** ACCEPTED -> REFINEMENT_COMPLETE, once the identity has both an affirmation and a visualization. */
export function completeRefinement(identity: LifecycleIdentity): Pick<LifecycleIdentity, 'state'> {
  assertActive(identity);
  if (identity.state !== 'ACCEPTED') throw new IdentityError(IdentityErrorCode.NOT_ACCEPTED, `Only an accepted identity can complete refinement; this one is ${identity.state}`);
  const missing = [!identity.affirmation && 'an affirmation', !identity.visualization && 'a visualization'].filter(Boolean);
  if (missing.length) throw new IdentityError(IdentityErrorCode.REFINEMENT_INCOMPLETE, `Refinement needs ${missing.join(' and ')}`);
  return { state: 'REFINEMENT_COMPLETE' };
}

/** Any state may be archived, once. */
export function archive(identity: LifecycleIdentity, at: Date): Pick<LifecycleIdentity, 'archivedAt'> {
  if (identity.archivedAt) throw new IdentityError(IdentityErrorCode.ALREADY_ARCHIVED, 'The identity is already archived');
  return { archivedAt: at };
}

/** Name, affirmation and visualization may change in any state until the identity is archived. */
export function edit(identity: LifecycleIdentity, changes: IdentityEdit): IdentityEdit {
  assertActive(identity);
  const edit: IdentityEdit = {};
  if (changes.name !== undefined) edit.name = changes.name;
  if (changes.affirmation !== undefined) edit.affirmation = changes.affirmation;
  if (changes.visualization !== undefined) edit.visualization = changes.visualization;
  if (Object.keys(edit).length === 0) throw new IdentityError(IdentityErrorCode.NOTHING_TO_EDIT, 'Give a name, an affirmation or a visualization to change');
  return edit;
}
