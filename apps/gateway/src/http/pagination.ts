import { z } from 'zod';

import { GatewayError, GatewayErrorCode } from '../gateway.errors';

/**
 * The API's one way to page a list: `?limit=&cursor=` in, `{ items, nextCursor }` out, newest or
 * first first; `nextCursor` is null on the last page and opaque to clients (pass it back as is).
 */
export const pageQuery = z.object({
  cursor: z.string().min(1).max(200).optional().meta({ description: 'The nextCursor of the previous page' }),
  limit: z.number().int().min(1).max(100).default(50),
});

export type PageQuery = z.output<typeof pageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last one' }) });
}

/** A cursor for keyset paging: the sort key of the page's last item, encoded so clients treat it as opaque. */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // an invalid cursor, answered below
  }
  throw new GatewayError(GatewayErrorCode.BAD_CURSOR, 'cursor: not a cursor this list gave');
}
