import { z } from 'zod';

import { defineEvent } from '../define';

export const UserRegistered = defineEvent({
  type: 'user.registered',
  version: 1,
  owner: 'gateway',
  description:
    'A person created an account. Services create their per-user state from it. It carries the id only: the event outlives an erasure on the stream, so it holds no personal data (the other fields are no longer sent, and stay optional for old messages).',
  payload: z.object({
    userId: z.uuid(),
    /** @deprecated not sent: personal data must not outlive an erasure on the stream. */
    email: z.email().optional(),
    /** @deprecated not sent. */
    username: z.string().nullable().optional(),
    /** @deprecated not sent. */
    firstName: z.string().nullable().optional(),
    /** @deprecated not sent. */
    lastName: z.string().nullable().optional(),
  }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b' },
});
