import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineQuery } from '../define';
import { exampleIdentity, exampleIdentityVersion, identityCategory, identityName, identityState, identityText, identityVersionView, identityView } from './identity';

const userId = z.uuid();
const identityId = z.uuid();

/**
 * Request/reply for the gateway. Every request names the user from the token; an identity of
 * another user is answered with 404, as if it did not exist.
 */
const identityFilter = z.object({
  userId,
  category: identityCategory.optional().describe('Only identities of this life area'),
  state: identityState.optional().describe('Only identities in this state'),
  q: z.string().trim().min(1).max(200).optional().describe('Full-text search over name, affirmation and visualization, best match first'),
  includeArchived: z.boolean().default(false).describe('Also the archived ones'),
});

export const ListIdentities = defineQuery({
  type: 'identities.list',
  version: 2,
  owner: 'identities',
  description:
    "A user's identities, oldest first, a page at a time (keyset cursor), filtered by category and state; with q, full-text search over name, affirmation and visualization, best match first (the cursor is then a position in the ranking).",
  payload: identityFilter.extend({ cursor: pageCursor.optional(), limit: z.number().int().min(1).max(100).default(50) }),
  response: pageOfItems(identityView),
  example: { userId: exampleIdentity.userId, category: 'CAREER' },
  exampleResponse: { items: [exampleIdentity], nextCursor: null },
});

/** Version 1, before pages: every identity that matches, no cursor. Still answered for callers from before version 2. */
export const ListIdentitiesV1 = defineQuery({
  type: 'identities.list',
  version: 1,
  owner: 'identities',
  description: "A user's identities, filtered by category and state; with q, full-text search over name, affirmation and visualization, best match first. Superseded by version 2, which pages.",
  payload: identityFilter,
  response: z.object({ items: z.array(identityView) }),
  example: { userId: exampleIdentity.userId, category: 'CAREER' },
  exampleResponse: { items: [exampleIdentity] },
});

export const GetIdentity = defineQuery({
  type: 'identities.get',
  version: 1,
  owner: 'identities',
  description: 'One identity of the user (404 when it is not theirs); with asOf, as it was then (404 when it did not exist yet).',
  payload: z.object({ userId, identityId, asOf: z.iso.datetime({ offset: true }).optional() }),
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

export const CreateIdentityNow = defineQuery({
  type: 'identities.create',
  version: 1,
  owner: 'identities',
  description: 'The user creates an identity of their own (PROPOSED, announced as identity.proposed like one the coach proposes); answers it.',
  payload: z.object({ userId, category: identityCategory, name: identityName, affirmation: identityText.optional(), visualization: identityText.optional() }),
  response: identityView,
  example: { userId: exampleIdentity.userId, category: 'CAREER', name: 'The Calm Leader' },
  exampleResponse: { ...exampleIdentity, state: 'PROPOSED' },
});

export const ArchiveIdentityNow = defineQuery({
  type: 'identities.archive',
  version: 1,
  owner: 'identities',
  description: 'The user archives an identity (409 when it already is); it stops counting as current or proposed.',
  payload: z.object({ userId, identityId }),
  response: identityView,
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id },
  exampleResponse: { ...exampleIdentity, archived: true },
});

export const DeleteIdentityNow = defineQuery({
  type: 'identities.delete',
  version: 1,
  owner: 'identities',
  description:
    'The user deletes an identity and its history. It is first archived (identity.archived, so whoever held it as current or proposed lets go), then deleted (identity.deleted). 404 when not theirs.',
  payload: z.object({ userId, identityId }),
  response: z.object({ deleted: z.literal(true) }),
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id },
  exampleResponse: { deleted: true },
});

export const IdentityHistory = defineQuery({
  type: 'identities.history',
  version: 2,
  owner: 'identities',
  description: 'The versions of one identity of the user, oldest first, a page at a time (keyset cursor on the version): what each change made of it, and when.',
  payload: z.object({ userId, identityId, cursor: pageCursor.optional(), limit: z.number().int().min(1).max(200).default(100) }),
  response: pageOfItems(identityVersionView),
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id },
  exampleResponse: { items: [exampleIdentityVersion], nextCursor: null },
});

/** Version 1, before pages: every version, no cursor. Still answered for callers from before version 2. */
export const IdentityHistoryV1 = defineQuery({
  type: 'identities.history',
  version: 1,
  owner: 'identities',
  description: 'Every version of one identity of the user, oldest first: what each change made of it, and when. Superseded by version 2, which pages.',
  payload: z.object({ userId, identityId }),
  response: z.object({ items: z.array(identityVersionView) }),
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id },
  exampleResponse: { items: [exampleIdentityVersion] },
});
