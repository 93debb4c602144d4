import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineQuery } from '../define';
import { exampleIncomingConnection, exampleSuggestion, incomingConnectionView, suggestionContext, suggestionLimit, suggestionResponse, suggestionStatus, suggestionView } from './suggestion';
import { exampleTeamProfile, teamProfileFields, teamProfileView } from './team-profile';

const userId = z.uuid();
const owner = 'team-connections';
const { userId: exampleUserId, displayName: _name, createdAt: _created, updatedAt: _updated, ...exampleFields } = exampleTeamProfile;

/** Request/reply for the gateway. Every request names the user from the token; another user's suggestion is a 404. */
export const SaveTeamProfile = defineQuery({
  type: 'team.profile.save',
  version: 1,
  owner,
  description: "Create or replace the user's team profile (fields left out take their defaults) and embed it for matching; answers the profile as stored.",
  payload: teamProfileFields.extend({ userId, displayName: z.string().trim().min(1).max(255).nullable().default(null) }),
  response: teamProfileView,
  example: { userId: exampleUserId, displayName: 'Ada Lovelace', ...exampleFields },
  exampleResponse: exampleTeamProfile,
});

export const GetTeamProfile = defineQuery({
  type: 'team.profile.get',
  version: 1,
  owner,
  description: "The user's own team profile (404 before they saved one).",
  payload: z.object({ userId }),
  response: teamProfileView,
  example: { userId: exampleUserId },
  exampleResponse: exampleTeamProfile,
});

const pageLimit = z.number().int().min(1).max(100).default(100);

export const ListSuggestions = defineQuery({
  type: 'team.suggestions.list',
  version: 2,
  owner,
  description: 'The suggestions made for the user, newest first (best score first among those made together), optionally of one status, a page at a time (keyset cursor).',
  payload: z.object({ userId, status: suggestionStatus.optional(), cursor: pageCursor.optional(), limit: pageLimit }),
  response: pageOfItems(suggestionView),
  example: { userId: exampleUserId, status: 'suggested' },
  exampleResponse: { items: [exampleSuggestion], nextCursor: null },
});

/** Version 1, before pages: the 100 newest, no cursor. Still answered for callers from before version 2. */
export const ListSuggestionsV1 = defineQuery({
  type: 'team.suggestions.list',
  version: 1,
  owner,
  description: 'The 100 newest suggestions made for the user, optionally of one status. Superseded by version 2, which pages.',
  payload: z.object({ userId, status: suggestionStatus.optional() }),
  response: z.object({ items: z.array(suggestionView) }),
  example: { userId: exampleUserId, status: 'suggested' },
  exampleResponse: { items: [exampleSuggestion] },
});

export const RequestSuggestions = defineQuery({
  type: 'team.suggestions.request',
  version: 1,
  owner,
  description: 'Suggest colleagues for a context now (as team.suggest-connections does, announced by team.connections.suggested); 404 without a profile, 409 without an organisation.',
  payload: z.object({ userId, context: suggestionContext, limit: suggestionLimit }),
  response: z.object({ items: z.array(suggestionView) }),
  example: { userId: exampleUserId, context: exampleSuggestion.context! },
  exampleResponse: { items: [exampleSuggestion] },
});

export const RespondToSuggestion = defineQuery({
  type: 'team.suggestions.respond',
  version: 1,
  owner,
  description: 'The user views, connects with or declines a suggestion; answers it as it is now (404 when not theirs, 409 for a move its status does not allow).',
  payload: z.object({ userId, suggestionId: z.uuid(), response: suggestionResponse }),
  response: suggestionView,
  example: { userId: exampleUserId, suggestionId: exampleSuggestion.id, response: 'connect' },
  exampleResponse: { ...exampleSuggestion, status: 'connected', respondedAt: '2026-11-23T10:05:00.000Z', request: 'pending' },
});

export const ListIncomingConnections = defineQuery({
  type: 'team.connections.incoming',
  version: 2,
  owner,
  description:
    'The requests to connect with the user, newest first, a page at a time (keyset cursor) (pending, accepted or declined; never from someone they blocked): who and why, never the context.',
  payload: z.object({ userId, cursor: pageCursor.optional(), limit: pageLimit }),
  response: pageOfItems(incomingConnectionView),
  example: { userId: exampleSuggestion.collaborator.userId },
  exampleResponse: { items: [exampleIncomingConnection], nextCursor: null },
});

/** Version 1, before pages: the 100 newest, no cursor. Still answered for callers from before version 2. */
export const ListIncomingConnectionsV1 = defineQuery({
  type: 'team.connections.incoming',
  version: 1,
  owner,
  description:
    'The 100 newest requests to connect with the user (pending, accepted or declined; never from someone they blocked): who and why, never the context. Superseded by version 2, which pages.',
  payload: z.object({ userId }),
  response: z.object({ items: z.array(incomingConnectionView) }),
  example: { userId: exampleSuggestion.collaborator.userId },
  exampleResponse: { items: [exampleIncomingConnection] },
});
