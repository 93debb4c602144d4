import type { SuggestionResponse, SuggestionStatus } from '@tandem/contracts';

import { TeamError, TeamErrorCode } from '../team.errors';
import { respondTo } from './suggestion-lifecycle';

const at = new Date('2026-11-23T10:00:00Z');

describe('suggestion lifecycle', () => {
  it.each<[SuggestionStatus, SuggestionResponse, SuggestionStatus, Date | null]>([
    ['suggested', 'view', 'viewed', null],
    ['suggested', 'connect', 'connected', at],
    ['suggested', 'decline', 'declined', at],
    ['viewed', 'connect', 'connected', at],
    ['viewed', 'decline', 'declined', at],
  ])('should move a %s suggestion on %s to %s', (status, response, next, responseAt) => {
    expect(respondTo(status, response, at)).toEqual({ status: next, responseAt });
  });

  it('should change nothing when a viewed suggestion is viewed again', () => {
    expect(respondTo('viewed', 'view', at)).toBeNull();
  });

  it.each<[SuggestionStatus, SuggestionResponse, string]>([
    ['connected', 'connect', 'Only a suggested or viewed suggestion can be connected; this one is connected'],
    ['declined', 'connect', 'Only a suggested or viewed suggestion can be connected; this one is declined'],
    ['expired', 'decline', 'Only a suggested or viewed suggestion can be declined; this one is expired'],
    ['connected', 'decline', 'Only a suggested or viewed suggestion can be declined; this one is connected'],
    ['declined', 'view', 'Only a new suggestion can be viewed; this one is declined'],
  ])('should refuse a %s suggestion on %s, saying why', (status, response, message) => {
    expect(() => respondTo(status, response, at)).toThrow(message);
    try {
      respondTo(status, response, at);
    } catch (error) {
      expect(error).toBeInstanceOf(TeamError);
      expect((error as TeamError).code).toBe(TeamErrorCode.INVALID_MOVE);
      expect((error as TeamError).status).toBe(409);
    }
  });
});
