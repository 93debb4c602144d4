import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * One part of a statement that reads several things at once: columns that are scalar subqueries
 * (their names unique across the parts read together), their parameters in order, and how to
 * read the part's value from the row.
 */
export interface ReadPart<T> {
  columns: string;
  params: unknown[];
  read(row: Record<string, unknown>): T;
}

type ValuesOf<P extends readonly ReadPart<unknown>[]> = { [K in keyof P]: P[K] extends ReadPart<infer T> ? T : never };

/** Every part in one statement (one round trip, one snapshot): their values, in order. */
export async function readParts<P extends readonly ReadPart<unknown>[]>(em: EntityManager, parts: readonly [...P]): Promise<ValuesOf<P>> {
  const [row] = await em.execute<Array<Record<string, unknown>>>(
    `select ${parts.map((part) => part.columns).join(',\n')}`,
    parts.flatMap((part) => part.params),
  );
  return parts.map((part) => part.read(row ?? {})) as ValuesOf<P>;
}
