import { z } from 'zod';

import { defineEvent } from '../define';

export const UserRegistered = defineEvent({
  type: 'user.registered',
  version: 1,
  owner: 'gateway',
  description: 'A person created an account. Services create their per-user state from it.',
  payload: z.object({
    userId: z.uuid(),
    email: z.email(),
    username: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
  }),
  example: {
    userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b',
    email: 'ada@example.com',
    username: 'ada',
    firstName: 'Ada',
    lastName: 'Lovelace',
  },
});
