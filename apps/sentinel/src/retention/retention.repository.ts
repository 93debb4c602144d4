import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { MemoryClass } from '@tandem/contracts';

/** Deletes memories past their retention, a batch at a time, in the caller's transaction. */
@Injectable()
export class RetentionRepository {
  /**
   * Up to `batch` notes of a class learned before `cutoff` (history too), oldest first; rows another
   * replica is deleting are skipped (SKIP LOCKED), so sweeps on several replicas split the work.
   * Returns the deleted notes, to announce.
   */
  async expireNotes(em: EntityManager, memoryClass: MemoryClass, cutoff: Date, batch: number): Promise<Array<{ id: string; userId: string }>> {
    const rows = await em.execute<Array<{ id: string; user_id: string }>>(
      `delete from "sentinel"."user_notes" where "id" in (
         select "id" from "sentinel"."user_notes" where "memory_class" = ? and "created_at" < ? order by "created_at" limit ${batch} for update skip locked)
       returning "id", "user_id"`,
      [memoryClass, cutoff],
    );
    if (rows.length) {
      const ids = rows.map((row) => row.id);
      // The published events that carried their words go with them, as when a user forgets a note.
      await em.execute(
        `delete from "sentinel"."outbox" where "published_at" is not null and (("envelope"->'payload'->'note'->>'id') in (${placeholders(ids)}) or ("envelope"->'payload'->'superseded'->>'id') in (${placeholders(ids)}))`,
        [...ids, ...ids],
        'run',
      );
    }
    return rows.map((row) => ({ id: row.id, userId: row.user_id }));
  }

  async expireEpisodes(em: EntityManager, memoryClass: MemoryClass, cutoff: Date, batch: number): Promise<number> {
    const rows = await em.execute<Array<{ id: string }>>(
      `delete from "sentinel"."episodes" where "id" in (
         select "id" from "sentinel"."episodes" where "memory_class" = ? and "created_at" < ? order by "created_at" limit ${batch} for update skip locked)
       returning "id"`,
      [memoryClass, cutoff],
    );
    return rows.length;
  }

  /** Emotion readings follow the emotions class's retention. */
  async expireEmotions(em: EntityManager, cutoff: Date, batch: number): Promise<number> {
    const rows = await em.execute<Array<{ id: string }>>(
      `delete from "sentinel"."emotions" where "id" in (
         select "id" from "sentinel"."emotions" where "created_at" < ? order by "created_at" limit ${batch} for update skip locked)
       returning "id"`,
      [cutoff],
    );
    return rows.length;
  }
}

/** One `?` per value: a bound array would be spread by the query builder anyway. */
function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
