import { z } from 'zod';

/**
 * The one shape of a paged list on the bus (and, through the gateway, over HTTP): a query takes an
 * opaque `cursor` from the previous page and answers `{ items, nextCursor }`, nextCursor null on
 * the last page. The answering service writes and reads cursors (@tandem/messaging's pagination).
 */
export const pageCursor = z.string().min(1).max(200).meta({ description: "The previous page's nextCursor, passed back as is" });

export function pageOfItems<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last one' }) });
}
