import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { MemoryClass } from '@tandem/contracts';

import { Emotion } from '../emotions/emotion.entity';
import { MemorySettings } from './memory-settings.entity';

export interface Consents {
  keepHealth: boolean;
  keepEmotions: boolean;
}

/** The only code that touches memory_settings, and the deletions a withdrawn consent asks for. */
@Injectable()
export class MemorySettingsRepository {
  /**
   * The user's consents in the caller's transaction; none given when there is no row. Raw: read
   * for every message a user writes. `alongside`, given the SQL that reads each consent, is a
   * write that depends on them, run in the same statement (a data-modifying `with`).
   */
  async consentsOf(em: EntityManager, userId: string, alongside?: (consent: Record<keyof Consents, string>) => { sql: string; params: unknown[] }): Promise<Consents> {
    const write = alongside?.({ keepHealth: `coalesce((select "keep_health" from "consents"), false)`, keepEmotions: `coalesce((select "keep_emotions" from "consents"), false)` });
    const [row] = await em.execute<Array<{ keep_health: boolean | null; keep_emotions: boolean | null }>>(
      `with "consents" as (select "keep_health", "keep_emotions" from "sentinel"."memory_settings" where "user_id" = ?)${write ? `, "alongside" as (${write.sql})` : ''}
       select (select "keep_health" from "consents") as "keep_health", (select "keep_emotions" from "consents") as "keep_emotions"`,
      [userId, ...(write?.params ?? [])],
    );
    return { keepHealth: row?.keep_health ?? false, keepEmotions: row?.keep_emotions ?? false };
  }

  find(em: EntityManager, userId: string): Promise<MemorySettings | null> {
    return em.findOne(MemorySettings, { userId });
  }

  async save(em: EntityManager, userId: string, consents: Consents, testScenarioId: string | null): Promise<MemorySettings> {
    await em.execute(
      `insert into "sentinel"."memory_settings" ("user_id", "keep_health", "keep_emotions", "updated_at", "test_scenario_id") values (?, ?, ?, now(), ?)
       on conflict ("user_id") do update set "keep_health" = excluded."keep_health", "keep_emotions" = excluded."keep_emotions", "updated_at" = now()`,
      [userId, consents.keepHealth, consents.keepEmotions, testScenarioId],
      'run',
    );
    return (await em.findOne(MemorySettings, { userId }, { refresh: true }))!;
  }

  /**
   * Deletes the user's notes (history too) and episodes of a class, and the published outbox rows
   * that carried those notes; returns the deleted notes' ids, to announce, and how many rows went.
   */
  async forgetClass(em: EntityManager, userId: string, memoryClass: MemoryClass): Promise<{ noteIds: string[]; rows: number }> {
    const notes = await em.execute<Array<{ id: string }>>(`delete from "sentinel"."user_notes" where "user_id" = ? and "memory_class" = ? returning "id"`, [userId, memoryClass]);
    const episodes = await em.execute<Array<{ id: string }>>(`delete from "sentinel"."episodes" where "user_id" = ? and "memory_class" = ? returning "id"`, [userId, memoryClass]);
    const noteIds = notes.map((row) => row.id);
    if (noteIds.length) {
      await em.execute(
        `delete from "sentinel"."outbox" where "published_at" is not null and "envelope"->>'userId' = ?
         and (("envelope"->'payload'->'note'->>'id') in (${placeholders(noteIds)}) or ("envelope"->'payload'->'superseded'->>'id') in (${placeholders(noteIds)}))`,
        [userId, ...noteIds, ...noteIds],
        'run',
      );
    }
    return { noteIds, rows: noteIds.length + episodes.length };
  }

  /** The user's emotion readings, all of them: they exist only with the emotions consent. */
  forgetEmotions(em: EntityManager, userId: string): Promise<number> {
    return em.nativeDelete(Emotion, { userId });
  }
}

/** One `?` per value: a bound array would be spread by the query builder anyway. */
function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
