import { z } from 'zod';

import { DomainError } from './errors';

/**
 * Cursors for paged queries (the `{ items, nextCursor }` lists of @tandem/contracts): a position
 * after which the next page starts, keyset (the last item's sort key and id, for a stable order)
 * or, for ranked results, an offset. Opaque to clients: base64url JSON, checked on the way back.
 */
export const keysetCursor = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() });
export const offsetCursor = z.object({ offset: z.number().int().min(0).max(100_000) });

export type KeysetCursor = z.infer<typeof keysetCursor>;
export type OffsetCursor = z.infer<typeof offsetCursor>;

/** A cursor this list did not give (or another list's): 400, naming the field. */
export class BadCursorError extends DomainError<'BAD_CURSOR'> {
  constructor() {
    super('BAD_CURSOR', 'cursor: not a cursor this list gave', 400);
  }
}

export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError();
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BadCursorError();
  return parsed.data;
}

/** The keyset position a cursor names, or undefined on the first page. */
export function keysetAfter(cursor: string | undefined): KeysetCursor | undefined {
  return cursor === undefined ? undefined : decodeCursor(keysetCursor, cursor);
}

/** How many ranked results come before the page a cursor names (0 on the first page). */
export function offsetAfter(cursor: string | undefined): number {
  return cursor === undefined ? 0 : decodeCursor(offsetCursor, cursor).offset;
}

/** One page from `limit + 1` rows: the extra row only says that there is a next page. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => object): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(cursorOf(items.at(-1)!)) : null };
}

/** A keyset page, ordered by a timestamp then id: the cursor is the last item's (at, id). */
export function keysetPageOf<T>(rows: T[], limit: number, keyOf: (last: T) => { at: Date | string; id: string }): { items: T[]; nextCursor: string | null } {
  return pageOf(rows, limit, (last) => {
    const { at, id } = keyOf(last);
    return { at: typeof at === 'string' ? at : at.toISOString(), id };
  });
}

/** A page of ranked results: `rows` are the ranking from `offset` on, `limit + 1` of them at most. */
export function offsetPageOf<T>(rows: T[], offset: number, limit: number): { items: T[]; nextCursor: string | null } {
  return pageOf(rows, limit, () => ({ offset: offset + limit }));
}
