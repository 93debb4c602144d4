import { z } from 'zod';

import { ChatError } from '../chat.errors';

/** A position after which the next page starts: keyset (newest first) or, for ranked search, an offset. */
export const keysetCursor = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() });
export const offsetCursor = z.object({ offset: z.number().int().min(0).max(100_000) });

export type KeysetCursor = z.infer<typeof keysetCursor>;

/** Opaque to clients: base64url JSON, checked on the way back in. */
export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw ChatError.badCursor();
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw ChatError.badCursor();
  return parsed.data;
}

/** One page from `limit + 1` rows: the extra row only says that there is a next page. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => object): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(cursorOf(items.at(-1)!)) : null };
}
