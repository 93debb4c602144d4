import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { toSql } from 'pgvector';

import { REPORT_DAYS, type ReportPayload, type ReportType, type ReportView } from '@tandem/contracts';
import type { KeysetCursor } from '@tandem/messaging';

import { exactInstant } from '../progress/progress.repository';
import type { CommitmentOutcomeRow, EnergyEntry, GoalRef, NoteChangeEntry, ReportFactsInput } from './report-payload';

interface ReportRow {
  id: string;
  user_id: string;
  type: ReportType;
  trigger: ReportView['trigger'];
  period_start: Date;
  period_end: Date;
  payload: ReportPayload;
  summary: string;
  created_at: Date;
}

/** A report schedule claimed by a replica: the period to write ends at `period_end`. */
export interface ClaimedReport {
  user_id: string;
  type: ReportType;
  period_end: Date;
  test_scenario_id: string | null;
}

export interface NewReport {
  userId: string;
  type: ReportType;
  trigger: ReportView['trigger'];
  periodStart: Date;
  periodEnd: Date;
  payload: ReportPayload;
  summary: string;
  embedding: number[];
  embeddingModel: string;
  testScenarioId: string | null;
}

const iso = (date: Date | string) => new Date(date).toISOString();
const COLUMNS = `"id", "user_id", "type", "trigger", "period_start", "period_end", "payload", "summary", "created_at"`;
const TYPE_DAYS = `(values ${Object.entries(REPORT_DAYS)
  .map(([type, days]) => `('${type}', ${days})`)
  .join(', ')}) as t("type", "days")`;
const ZONE = `coalesce((select "time_zone" from "progress"."check_in_settings" where "user_id" = ?), 'UTC')`;

export function toReportView(row: ReportRow): ReportView {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type,
    trigger: row.trigger,
    periodStart: iso(row.period_start),
    periodEnd: iso(row.period_end),
    payload: row.payload,
    summary: row.summary,
    createdAt: iso(row.created_at),
  };
}

/** progress.reports and progress.report_schedules; reads run on a fresh context and release their connection at once. */
@Injectable()
export class ReportRepository {
  constructor(private readonly em: EntityManager) {}

  private read(): EntityManager {
    return this.em.fork();
  }

  /** What a report of `days` local days ending at `periodEnd` is made of (several short reads, no transaction). */
  async facts(userId: string, type: ReportType, periodEnd: Date): Promise<ReportFactsInput> {
    const em = this.read();
    const days = REPORT_DAYS[type];
    const [period] = await em.execute<Array<{ time_zone: string; period_start: Date }>>(
      `select z.tz as "time_zone", ((?::timestamptz at time zone z.tz) - make_interval(days => ?)) at time zone z.tz as "period_start" from (select ${ZONE} as tz) z`,
      [periodEnd, days, userId],
    );
    const periodStart = new Date(period!.period_start);
    const window = [userId, periodStart, periodEnd];
    const outcomes = await em.execute<CommitmentOutcomeRow[]>(
      `select c."id" as "commitment_id", c."title", c."goal_id",
         (count(*) filter (where o."outcome" = 'COMPLETED'))::int as "completed", (count(*) filter (where o."outcome" = 'SKIPPED'))::int as "skipped", (count(*) filter (where o."outcome" = 'MISSED'))::int as "missed"
       from "progress"."commitment_occurrences" o join "progress"."commitments" c on c."id" = o."commitment_id"
       where o."user_id" = ? and o."due_at" >= ? and o."due_at" < ? group by c."id"`,
      window,
    );
    const [made] = await em.execute<Array<{ count: number }>>(`select count(*)::int as "count" from "progress"."commitments" where "user_id" = ? and "created_at" >= ? and "created_at" < ?`, window);
    const energy = await em.execute<Array<{ level: number; source: EnergyEntry['source']; recorded_at: Date }>>(
      `select "level", "source", "recorded_at" from "progress"."energy_metrics" where "user_id" = ? and "recorded_at" >= ? and "recorded_at" < ? order by "recorded_at"`,
      window,
    );
    const noteChanges = await em.execute<Array<{ note_id: string; change: NoteChangeEntry['change']; note: string | null; occurred_at: Date }>>(
      `select "note_id", "change", "note", "occurred_at" from "progress"."note_changes" where "user_id" = ? and "occurred_at" >= ? and "occurred_at" < ? order by "occurred_at", "id"`,
      window,
    );
    const goalIds = [...new Set(outcomes.flatMap((row) => (row.goal_id ? [row.goal_id] : [])))];
    const goals = goalIds.length
      ? await em.execute<GoalRef[]>(
          `select "id", "title", "identity_id", "life_area" from "progress"."goals" where "user_id" = ? and "id" = any(string_to_array(?, ',')::uuid[]) order by "created_at"`,
          [userId, goalIds.join(',')],
        )
      : [];
    return {
      days,
      timeZone: period!.time_zone,
      periodStart,
      periodEnd,
      commitmentsMade: Number(made?.count ?? 0),
      outcomes: outcomes.map((row) => ({ ...row, completed: Number(row.completed), skipped: Number(row.skipped), missed: Number(row.missed) })),
      energy: energy.map((row) => ({ level: Number(row.level), source: row.source, recordedAt: new Date(row.recorded_at) })),
      goals,
      noteChanges: noteChanges.map((row) => ({ noteId: row.note_id, change: row.change, note: row.note, occurredAt: new Date(row.occurred_at) })),
    };
  }

  /** Stores a report unless one exists for the user, type and period; answers the stored one and whether it is new. */
  async insert(em: EntityManager, report: NewReport): Promise<{ report: ReportView; created: boolean }> {
    const [row] = await em.execute<ReportRow[]>(
      `insert into "progress"."reports" ("user_id", "type", "trigger", "period_start", "period_end", "payload", "summary", "embedding", "embedding_model", "embedding_dimensions", "test_scenario_id")
       values (?, ?, ?, ?, ?, ?::jsonb, ?, ?::vector, ?, ?, ?) on conflict ("user_id", "type", "period_end") do nothing returning ${COLUMNS}`,
      [
        report.userId,
        report.type,
        report.trigger,
        report.periodStart,
        report.periodEnd,
        JSON.stringify(report.payload),
        report.summary,
        toSql(report.embedding),
        report.embeddingModel,
        report.embedding.length,
        report.testScenarioId,
      ],
    );
    if (row) return { report: toReportView(row), created: true };
    const [existing] = await em.execute<ReportRow[]>(`select ${COLUMNS} from "progress"."reports" where "user_id" = ? and "type" = ? and "period_end" = ?`, [
      report.userId,
      report.type,
      report.periodEnd,
    ]);
    return { report: toReportView(existing!), created: false };
  }

  async find(userId: string, reportId: string): Promise<ReportView | null> {
    const [row] = await this.read().execute<ReportRow[]>(`select ${COLUMNS} from "progress"."reports" where "id" = ? and "user_id" = ?`, [reportId, userId]);
    return row ? toReportView(row) : null;
  }

  /** Newest first (by period end, then id), after `after`; each with its sort key to the microsecond (`key`) for the next page's cursor. */
  async list(userId: string, type: ReportType | undefined, limit: number, after?: KeysetCursor): Promise<Array<ReportView & { key: string }>> {
    const where = ['"user_id" = ?'];
    const params: unknown[] = [userId];
    if (type) (where.push('"type" = ?'), params.push(type));
    if (after) (where.push('("period_end", "id") < (?::timestamptz, ?::uuid)'), params.push(after.at, after.id));
    const rows = await this.read().execute<Array<ReportRow & { key: string }>>(
      `select ${COLUMNS}, ${exactInstant('"period_end"')} as "key" from "progress"."reports" where ${where.join(' and ')} order by "period_end" desc, "id" desc limit ?`,
      [...params, limit],
    );
    return rows.map((row) => ({ ...toReportView(row), key: row.key }));
  }

  /** The user gets the three report schedules (once), each due at the local midnight `days` days from today. */
  async ensureSchedules(em: EntityManager, userId: string, testScenarioId: string | null): Promise<void> {
    await em.execute(
      `insert into "progress"."report_schedules" ("user_id", "type", "next_run_at", "test_scenario_id")
       select ?, t."type", (date_trunc('day', now() at time zone z.tz) + make_interval(days => t."days")) at time zone z.tz, ?
       from ${TYPE_DAYS}, (select ${ZONE} as tz) z
       on conflict do nothing`,
      [userId, testScenarioId, userId],
      'run',
    );
  }

  /**
   * Claims up to `limit` schedules whose period has ended (FOR UPDATE SKIP LOCKED: replicas take
   * disjoint ones) and leases them for `leaseSeconds`, in a transaction of its own: the model is
   * called after the commit, and a replica that dies leaves the lease to run out.
   */
  async claimDue(em: EntityManager, limit: number, leaseSeconds: number): Promise<ClaimedReport[]> {
    const rows = await em.execute<ClaimedReport[]>(
      `with due as (
         select s."user_id", s."type" from "progress"."report_schedules" s
         where s."next_run_at" <= now() and (s."leased_until" is null or s."leased_until" <= now())
           and not exists (select 1 from "progress"."erased_users" e where e."user_id" = s."user_id")
         order by s."next_run_at" limit ? for update skip locked)
       update "progress"."report_schedules" s set "leased_until" = now() + make_interval(secs => ?)
       from due where s."user_id" = due."user_id" and s."type" = due."type"
       returning s."user_id", s."type", s."next_run_at" as "period_end", s."test_scenario_id"`,
      [limit, leaseSeconds],
    );
    return rows.map((row) => ({ ...row, period_end: new Date(row.period_end) }));
  }

  /** The period was written: the schedule moves to the end of the next one (in local days) and its lease ends. */
  async advance(em: EntityManager, claimed: ClaimedReport): Promise<void> {
    await em.execute(
      `update "progress"."report_schedules" s set "leased_until" = null,
         "next_run_at" = ((s."next_run_at" at time zone z.tz) + make_interval(days => ?)) at time zone z.tz
       from (select ${ZONE} as tz) z
       where s."user_id" = ? and s."type" = ? and s."next_run_at" = ?`,
      [REPORT_DAYS[claimed.type], claimed.user_id, claimed.user_id, claimed.type, claimed.period_end],
      'run',
    );
  }
}
