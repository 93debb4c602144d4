import type { SuggestionResponse, SuggestionStatus } from '@tandem/contracts';

import { TeamError, TeamErrorCode } from '../team.errors';

export interface SuggestionMove {
  status: Extract<SuggestionStatus, 'viewed' | 'connected' | 'declined'>;
  responseAt: Date | null;
}

/** Statuses a person can still answer; the expiry sweep reads the same list. */
export const OPEN_STATUSES: readonly SuggestionStatus[] = ['suggested', 'viewed'];

const refuse = (what: string, allowed: string, status: SuggestionStatus) => new TeamError(TeamErrorCode.INVALID_MOVE, `Only a ${allowed} suggestion can be ${what}; this one is ${status}`);

/**
 * suggested -> viewed -> connected | declined (connect and decline straight from suggested too).
 * Viewing a viewed suggestion again changes nothing (null); every other repeat or backward move
 * is refused. No ORM, no clock: the time of the answer is given.
 */
export function respondTo(status: SuggestionStatus, response: SuggestionResponse, at: Date): SuggestionMove | null {
  const open = OPEN_STATUSES.includes(status);
  switch (response) {
    case 'view':
      if (status === 'viewed') return null;
      if (status !== 'suggested') throw refuse('viewed', 'new', status);
      return { status: 'viewed', responseAt: null };
    case 'connect':
      if (!open) throw refuse('connected', 'suggested or viewed', status);
      return { status: 'connected', responseAt: at };
    case 'decline':
      if (!open) throw refuse('declined', 'suggested or viewed', status);
      return { status: 'declined', responseAt: at };
  }
}
