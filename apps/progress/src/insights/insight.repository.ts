import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { InsightKind, InsightView } from '@tandem/contracts';

import type { DayEnergy, DayNote, DayOccurrence, FoundInsight } from './insight-patterns';

interface InsightRow {
  id: string;
  user_id: string;
  kind: InsightKind;
  statement: string;
  tags: string[];
  evidence: InsightView['evidence'];
  first_found_at: Date;
  updated_at: Date;
}

/** The window insights are looked for in. */
export const INSIGHT_DAYS = 21;
const ZONE = `coalesce((select "time_zone" from "progress"."check_in_settings" where "user_id" = ?), 'UTC')`;
const iso = (date: Date | string) => new Date(date).toISOString();

export function toInsightView(row: InsightRow): InsightView {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    statement: row.statement,
    tags: row.tags,
    evidence: row.evidence,
    firstFoundAt: iso(row.first_found_at),
    updatedAt: iso(row.updated_at),
  };
}

/** progress.insights, and the last 21 days' occurrences, energy and notes they are found in (on local days). */
@Injectable()
export class InsightRepository {
  constructor(private readonly em: EntityManager) {}

  /** Settled occurrences and energy entries of the last INSIGHT_DAYS days, on the user's local days (short reads, no transaction). */
  async days(userId: string): Promise<{ occurrences: DayOccurrence[]; energy: DayEnergy[]; notes: DayNote[] }> {
    const em = this.em.fork();
    const occurrences = await em.execute<Array<{ id: string; commitment_id: string; title: string; day: string; weekday: number; outcome: DayOccurrence['outcome'] }>>(
      `select o."id", o."commitment_id", c."title", to_char((o."due_at" at time zone z.tz)::date, 'YYYY-MM-DD') as "day", extract(isodow from o."due_at" at time zone z.tz)::int as "weekday", o."outcome"
       from "progress"."commitment_occurrences" o join "progress"."commitments" c on c."id" = o."commitment_id", (select ${ZONE} as tz) z
       where o."user_id" = ? and o."due_at" > now() - make_interval(days => ?) and o."due_at" <= now() order by o."due_at"`,
      [userId, userId, INSIGHT_DAYS],
    );
    const energy = await em.execute<Array<{ id: string; day: string; level: number }>>(
      `select e."id", to_char((e."recorded_at" at time zone z.tz)::date, 'YYYY-MM-DD') as "day", e."level"
       from "progress"."energy_metrics" e, (select ${ZONE} as tz) z where e."user_id" = ? and e."recorded_at" > now() - make_interval(days => ?) order by e."recorded_at"`,
      [userId, userId, INSIGHT_DAYS],
    );
    // Notes still remembered (a forgotten note's rows lose their text) with their category.
    const notes = await em.execute<Array<{ note_id: string; day: string; category: string }>>(
      `select n."note_id", to_char((n."occurred_at" at time zone z.tz)::date, 'YYYY-MM-DD') as "day", n."category"
       from "progress"."note_changes" n, (select ${ZONE} as tz) z
       where n."user_id" = ? and n."occurred_at" > now() - make_interval(days => ?) and n."note" is not null and n."category" is not null order by n."occurred_at"`,
      [userId, userId, INSIGHT_DAYS],
    );
    return {
      notes: notes.map((row) => ({ noteId: row.note_id, day: row.day, category: row.category })),
      occurrences: occurrences.map((row) => ({ occurrenceId: row.id, commitmentId: row.commitment_id, title: row.title, day: row.day, weekday: Number(row.weekday), outcome: row.outcome })),
      energy: energy.map((row) => ({ energyId: row.id, day: row.day, level: Number(row.level) })),
    };
  }

  /**
   * Stores what was found: a new kind is inserted, a known one updated (first_found_at kept); kinds
   * that no longer hold are deleted. Answers the insights that are new or whose statement changed.
   */
  async replace(em: EntityManager, userId: string, found: FoundInsight[], testScenarioId: string | null): Promise<InsightView[]> {
    await em.execute(`delete from "progress"."insights" where "user_id" = ? and not ("kind" = any(string_to_array(?, ',')))`, [userId, found.map((insight) => insight.kind).join(',')], 'run');
    const changed: InsightView[] = [];
    for (const insight of found) {
      const [row] = await em.execute<Array<InsightRow & { changed: boolean }>>(
        `with before as (select "statement" from "progress"."insights" where "user_id" = ? and "kind" = ?)
         insert into "progress"."insights" ("user_id", "kind", "statement", "tags", "evidence", "test_scenario_id") values (?, ?, ?, string_to_array(?, ','), ?::jsonb, ?)
         on conflict ("user_id", "kind") do update set "statement" = excluded."statement", "tags" = excluded."tags", "evidence" = excluded."evidence", "updated_at" = now()
         returning *, coalesce((select "statement" from before), '') <> "statement" as "changed"`,
        [userId, insight.kind, userId, insight.kind, insight.statement, insight.tags.join(','), JSON.stringify(insight.evidence), testScenarioId],
      );
      if (row!.changed) changed.push(toInsightView(row!));
    }
    return changed;
  }

  async list(userId: string): Promise<InsightView[]> {
    const rows = await this.em.fork().execute<InsightRow[]>(`select * from "progress"."insights" where "user_id" = ? order by "updated_at" desc, "kind"`, [userId]);
    return rows.map(toInsightView);
  }
}
