import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CommitmentView, GoalView, InsightView, PayloadOf, ReportGenerated } from '@tandem/contracts';

import type { ReadPart } from './read-part';

type ReportSummary = PayloadOf<typeof ReportGenerated>['report'];

/** What the coach's context lists of the user's progress. */
export interface ProgressSnapshot {
  openGoals: Array<{ id: string; title: string }>;
  openCommitments: Array<{ id: string; title: string; schedule: string; dueAt: Date }>;
  latestReport: { type: string; periodEnd: Date; summary: string } | null;
  insights: string[];
}

/** At most this many open commitments and insights go into a prompt. */
const LISTED = 10;

/**
 * chat's copy of progress's commitments, latest report and insights (raw SQL: small upserts keyed
 * by the owner's ids). An older announcement never overwrites a newer one (updatedAt, period end).
 */
@Injectable()
export class ProgressReadModelRepository {
  async upsertCommitment(em: EntityManager, commitment: CommitmentView): Promise<void> {
    await em.execute(
      `insert into "chat"."commitment_snapshots" ("id", "user_id", "title", "schedule", "status", "due_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?)
       on conflict ("id") do update set "title" = excluded."title", "schedule" = excluded."schedule", "status" = excluded."status", "due_at" = excluded."due_at", "updated_at" = excluded."updated_at"
       where "commitment_snapshots"."updated_at" <= excluded."updated_at" and "commitment_snapshots"."user_id" = excluded."user_id"`,
      [commitment.id, commitment.userId, commitment.title, commitment.schedule, commitment.status, commitment.dueAt, commitment.updatedAt],
      'run',
    );
  }

  async upsertGoal(em: EntityManager, goal: GoalView): Promise<void> {
    await em.execute(
      `insert into "chat"."goal_snapshots" ("id", "user_id", "title", "status", "updated_at") values (?, ?, ?, ?, ?)
       on conflict ("id") do update set "title" = excluded."title", "status" = excluded."status", "updated_at" = excluded."updated_at"
       where "goal_snapshots"."updated_at" <= excluded."updated_at" and "goal_snapshots"."user_id" = excluded."user_id"`,
      [goal.id, goal.userId, goal.title, goal.status, goal.updatedAt],
      'run',
    );
  }

  async upsertReport(em: EntityManager, report: ReportSummary): Promise<void> {
    await em.execute(
      `insert into "chat"."report_snapshots" ("user_id", "report_id", "type", "period_end", "summary") values (?, ?, ?, ?, ?)
       on conflict ("user_id") do update set "report_id" = excluded."report_id", "type" = excluded."type", "period_end" = excluded."period_end", "summary" = excluded."summary"
       where "report_snapshots"."period_end" <= excluded."period_end"`,
      [report.userId, report.id, report.type, report.periodEnd, report.summary],
      'run',
    );
  }

  async upsertInsight(em: EntityManager, insight: InsightView): Promise<void> {
    await em.execute(
      `insert into "chat"."insight_snapshots" ("id", "user_id", "kind", "statement", "updated_at") values (?, ?, ?, ?, ?)
       on conflict ("user_id", "kind") do update set "id" = excluded."id", "statement" = excluded."statement", "updated_at" = excluded."updated_at"
       where "insight_snapshots"."updated_at" <= excluded."updated_at"`,
      [insight.id, insight.userId, insight.kind, insight.statement, insight.updatedAt],
      'run',
    );
  }

  /** Four lists as JSON, each in its order, as a part of a turn's read (readParts). */
  snapshot(userId: string): ReadPart<ProgressSnapshot> {
    return {
      columns: `(select coalesce(json_agg(json_build_object('id', "id", 'title', "title") order by "updated_at" desc, "id"), '[]') from
            (select "id", "title", "updated_at" from "chat"."goal_snapshots" where "user_id" = ? and "status" in ('SCHEDULED', 'PENDING') order by "updated_at" desc, "id" limit ${LISTED}) as g) as "goals",
         (select coalesce(json_agg(json_build_object('id', "id", 'title', "title", 'schedule', "schedule", 'due_at', "due_at") order by "due_at", "id"), '[]') from
            (select "id", "title", "schedule", "due_at" from "chat"."commitment_snapshots" where "user_id" = ? and "status" in ('SCHEDULED', 'PENDING') order by "due_at", "id" limit ${LISTED}) as c) as "commitments",
         (select json_build_object('type', "type", 'period_end', "period_end", 'summary', "summary") from "chat"."report_snapshots" where "user_id" = ?) as "report",
         (select coalesce(json_agg("statement" order by "updated_at" desc), '[]') from
            (select "statement", "updated_at" from "chat"."insight_snapshots" where "user_id" = ? order by "updated_at" desc limit ${LISTED}) as i) as "insights"`,
      params: [userId, userId, userId, userId],
      read: (row) => {
        const goals = (row.goals ?? []) as Array<{ id: string; title: string }>;
        const commitments = (row.commitments ?? []) as Array<{ id: string; title: string; schedule: string; due_at: string }>;
        const report = (row.report ?? null) as { type: string; period_end: string; summary: string } | null;
        return {
          openGoals: goals.map(({ id, title }) => ({ id, title })),
          openCommitments: commitments.map((commitment) => ({ id: commitment.id, title: commitment.title, schedule: commitment.schedule, dueAt: new Date(commitment.due_at) })),
          latestReport: report ? { type: report.type, periodEnd: new Date(report.period_end), summary: report.summary } : null,
          insights: (row.insights ?? []) as string[],
        };
      },
    };
  }

  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    let deleted = 0;
    for (const table of ['goal_snapshots', 'commitment_snapshots', 'report_snapshots', 'insight_snapshots']) {
      const [row] = await em.execute<Array<{ count: string }>>(`with gone as (delete from "chat"."${table}" where "user_id" = ? returning 1) select count(*) from gone`, [userId]);
      deleted += Number(row?.count ?? 0);
    }
    return deleted;
  }
}
