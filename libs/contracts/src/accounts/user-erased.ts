import { z } from 'zod';

import { defineEvent } from '../define';

export const UserErased = defineEvent({
  type: 'user.erased',
  version: 1,
  owner: 'any service',
  description: 'A service confirms it erased every row it held for a deleted user. The gateway tracks the confirmations.',
  payload: z.object({ userId: z.uuid(), service: z.string().min(1), erasedRows: z.number().int().nonnegative() }),
  notifiesUser: true,
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', service: 'coach-state', erasedRows: 1 },
});
