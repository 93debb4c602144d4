import { z } from 'zod';

import { defineEvent } from '../define';

/** A durable command its owner refused; its causationId is the command's id. */
export const CommandRejected = defineEvent({
  type: 'command.rejected',
  version: 1,
  owner: 'any service',
  description: 'The owner of a durable command refused it (invalid move, unknown resource). causationId points at the command.',
  payload: z.object({ userId: z.uuid(), command: z.string().min(1), reason: z.string().min(1) }),
  example: { userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b', command: 'coach-state.transition', reason: 'IDENTITY_REFINEMENT needs an accepted identity' },
});
