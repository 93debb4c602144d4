import { z } from 'zod';

import { defineCommand } from '../define';
import { identityCategory, identityName, identityText } from './identity';

const userId = z.uuid();
const identityId = z.uuid();
const example = { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', identityId: '0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61' };

/** Durable commands from the coach's actions; results come back as identity events or command.rejected. */
export const ProposeIdentity = defineCommand({
  type: 'identity.propose',
  version: 1,
  owner: 'identities',
  description: 'Create an identity in the PROPOSED state.',
  payload: z.object({ userId, category: identityCategory, name: identityName, affirmation: identityText.optional(), visualization: identityText.optional() }),
  example: { userId: example.userId, category: 'CAREER', name: 'The Calm Leader' },
});

export const UpdateIdentity = defineCommand({
  type: 'identity.update',
  version: 1,
  owner: 'identities',
  description: "Change an identity's name, affirmation or visualization.",
  payload: z.object({ userId, identityId, name: identityName.optional(), affirmation: identityText.optional(), visualization: identityText.optional() }),
  example: { ...example, affirmation: 'I lead with calm.' },
});

export const AcceptIdentity = defineCommand({
  type: 'identity.accept',
  version: 1,
  owner: 'identities',
  description: 'Move a PROPOSED identity to ACCEPTED.',
  payload: z.object({ userId, identityId }),
  example,
});

export const CompleteIdentityRefinement = defineCommand({
  type: 'identity.complete-refinement',
  version: 1,
  owner: 'identities',
  description: 'Move an ACCEPTED identity with an affirmation and a visualization to REFINEMENT_COMPLETE.',
  payload: z.object({ userId, identityId }),
  example,
});

export const ArchiveIdentity = defineCommand({
  type: 'identity.archive',
  version: 1,
  owner: 'identities',
  description: 'Archive an identity in any state.',
  payload: z.object({ userId, identityId }),
  example,
});
