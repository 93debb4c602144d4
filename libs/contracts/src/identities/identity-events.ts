import { z } from 'zod';

import { defineEvent } from '../define';
import { exampleIdentity, identityView } from './identity';

const description = (what: string) => `${what} Carries the identity as it is now.`;

/** One event per lifecycle move; each carries the whole identity so read models need no query. */
const identityEvent = (type: string, what: string) =>
  defineEvent({ type, version: 1, owner: 'identities', description: description(what), payload: z.object({ identity: identityView }), example: { identity: exampleIdentity }, notifiesUser: true });

export const IdentityProposed = identityEvent('identity.proposed', 'The coach (or the user) proposed a new identity.');
export const IdentityUpdated = identityEvent('identity.updated', "An identity's name, affirmation or visualization changed.");
export const IdentityAccepted = identityEvent('identity.accepted', 'The user accepted a proposed identity.');
export const IdentityRefinementCompleted = identityEvent('identity.refinement-completed', "The identity's affirmation and visualization are final.");
export const IdentityArchived = identityEvent('identity.archived', 'The identity was archived: it no longer counts as current or proposed.');

/** After identity.archived: the identity and its history are gone; only ids are carried (its words went with it). */
export const IdentityDeleted = defineEvent({
  type: 'identity.deleted',
  version: 1,
  owner: 'identities',
  description: 'The user deleted an identity (archived just before, in the same transaction); it and its history are gone.',
  payload: z.object({ userId: z.uuid(), identityId: z.uuid() }),
  example: { userId: exampleIdentity.userId, identityId: exampleIdentity.id },
  notifiesUser: true,
});
