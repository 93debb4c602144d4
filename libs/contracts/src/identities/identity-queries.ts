import { z } from 'zod';

import { defineQuery } from '../define';
import { exampleIdentity, identityCategory, identityName, identityState, identityText, identityView } from './identity';

const userId = z.uuid();
const identityId = z.uuid();

/**
 * Request/reply for the gateway. Every request names the user from the token; an identity of
 * another user is answered with 404, as if it did not exist.
 */
export const ListIdentities = defineQuery({
  type: 'identities.list',
  version: 1,
  owner: 'identities',
  description: "A user's identities, filtered by category and state; with q, full-text search over name, affirmation and visualization, best match first.",
  payload: z.object({ userId, category: identityCategory.optional(), state: identityState.optional(), q: z.string().trim().min(1).max(200).optional(), includeArchived: z.boolean().default(false) }),
  response: z.object({ items: z.array(identityView) }),
  example: { userId: exampleIdentity.userId, category: 'CAREER' },
  exampleResponse: { items: [exampleIdentity] },
});

export const GetIdentity = defineQuery({
  type: 'identities.get',
  version: 1,
  owner: 'identities',
  description: 'One identity of the user (404 when it is not theirs).',
  payload: z.object({ userId, identityId }),
  response: identityView,
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id },
  exampleResponse: exampleIdentity,
});

export const EditIdentity = defineQuery({
  type: 'identities.edit',
  version: 1,
  owner: 'identities',
  description: "The user edits an identity's name, affirmation or visualization; answers the identity as it is now.",
  payload: z.object({ userId, identityId, name: identityName.optional(), affirmation: identityText.optional(), visualization: identityText.optional() }),
  response: identityView,
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id, affirmation: 'I lead with calm.' },
  exampleResponse: exampleIdentity,
});

export const AcceptIdentityNow = defineQuery({
  type: 'identities.accept',
  version: 1,
  owner: 'identities',
  description: 'The user accepts a proposed identity; answers the identity as it is now (409 when it is not PROPOSED).',
  payload: z.object({ userId, identityId }),
  response: identityView,
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id },
  exampleResponse: exampleIdentity,
});
