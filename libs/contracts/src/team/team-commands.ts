import { z } from 'zod';

import { defineCommand } from '../define';
import { exampleSuggestion, suggestionContext, suggestionLimit } from './suggestion';

/**
 * The coach's SUGGEST_CONNECTION action: chat sends it, team-connections answers with
 * team.connections.suggested (possibly with no suggestions) or command.rejected, causationId = this command's id.
 */
export const SuggestConnections = defineCommand({
  type: 'team.suggest-connections',
  version: 1,
  owner: 'team-connections',
  description:
    'Suggest colleagues (same organisation, opted in, available, not blocked) who could help the user with a problem or project. ' +
    'Answered by team.connections.suggested, or command.rejected when the user has no team profile or belongs to no organisation.',
  payload: z.object({ userId: z.uuid(), context: suggestionContext, limit: suggestionLimit }),
  example: { userId: exampleSuggestion.userId, context: 'Our Kubernetes cluster keeps failing during database migrations' },
});
