import { z } from 'zod';

import { defineEvent } from '../define';

export const UserDeleted = defineEvent({
  type: 'user.deleted',
  version: 1,
  owner: 'gateway',
  description: "A person deleted their account. Every service erases that user's rows and confirms with user.erased.",
  payload: z.object({ userId: z.uuid(), requestedAt: z.iso.datetime({ offset: true }) }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', requestedAt: '2026-11-23T10:00:00.000Z' },
});
