import { z } from 'zod';

import { defineEvent } from '../define';
import { exampleIncomingConnection, exampleSuggestion, incomingConnectionView, suggestionContext, suggestionView } from './suggestion';
import { exampleTeamProfile, strengthsSummary } from './team-profile';

const owner = 'team-connections';

export const ConnectionsSuggested = defineEvent({
  type: 'team.connections.suggested',
  version: 1,
  owner,
  description: 'Suggestions were made for a user and a context (from team.suggest-connections or a request through the gateway), best first; empty when nobody fits.',
  payload: z.object({ userId: z.uuid(), context: suggestionContext, suggestions: z.array(suggestionView) }),
  example: { userId: exampleSuggestion.userId, context: exampleSuggestion.context!, suggestions: [exampleSuggestion] },
  notifiesUser: true,
});

/** One event per lifecycle move, to the person who asked; each carries the suggestion as it is now. */
const suggestionEvent = (type: string, what: string) =>
  defineEvent({
    type,
    version: 1,
    owner,
    description: `${what} Carries the suggestion as it is now.`,
    payload: z.object({ suggestion: suggestionView }),
    example: { suggestion: exampleSuggestion },
    notifiesUser: true,
  });

export const SuggestionViewed = suggestionEvent('team.suggestion.viewed', 'The user looked at a suggestion.');
export const SuggestionConnected = suggestionEvent('team.suggestion.connected', 'The user chose to connect with the suggested colleague.');
export const SuggestionDeclined = suggestionEvent('team.suggestion.declined', 'The user declined a suggestion; that colleague is not suggested to them again for a while.');
export const SuggestionExpired = suggestionEvent('team.suggestion.expired', 'Nobody answered the suggestion in time.');

/** To the suggested colleague, once the user chose to connect: who and why, never the user's context. */
export const ConnectionRequested = defineEvent({
  type: 'team.connection.requested',
  version: 1,
  owner,
  description: 'A colleague would like to connect with the user (userId is the suggested colleague). Carries only what a colleague may see.',
  payload: z.object({ userId: z.uuid(), connection: incomingConnectionView }),
  example: { userId: exampleSuggestion.collaborator.userId, connection: exampleIncomingConnection },
  notifiesUser: true,
});

/**
 * The user saved their team profile. Carries what the coach's context takes from it (the name the
 * gateway gave, and the AST strengths), not the whole profile: chat keeps it in a read model.
 */
export const TeamProfileSaved = defineEvent({
  type: 'team.profile.saved',
  version: 1,
  owner,
  description: "The user's team profile was created or replaced: their display name and AST strengths as they are now (for the coach's context).",
  payload: z.object({ userId: z.uuid(), displayName: z.string().nullable(), strengths: strengthsSummary.nullable(), updatedAt: z.iso.datetime({ offset: true }) }),
  example: { userId: exampleTeamProfile.userId, displayName: exampleTeamProfile.displayName, strengths: exampleTeamProfile.strengths, updatedAt: exampleTeamProfile.updatedAt },
});
