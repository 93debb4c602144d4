import { z } from 'zod';

import { pageCursor } from '@tandem/contracts';

/**
 * The API's one way to page a list: `?limit=&cursor=` in, `{ items, nextCursor }` out
 * (@tandem/contracts' pageOfItems), cursors written and read by @tandem/messaging's pagination.
 * This is the query of the gateway's own lists (the test scenarios).
 */
export const pageQuery = z.object({
  cursor: pageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export type PageQuery = z.output<typeof pageQuery>;
