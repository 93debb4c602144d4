import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type {
  CheckInReason,
  CheckInSettingsView,
  CommitmentView,
  EmotionValence,
  EnergyView,
  GoalView,
  IdentityCategory,
  NoteChange,
  OccurrenceOutcome,
  ReminderStatus,
  Schedule,
} from '@tandem/contracts';
import type { KeysetCursor } from '@tandem/messaging';

interface GoalRow {
  id: string;
  user_id: string;
  title: string;
  why: string | null;
  identity_id: string | null;
  life_area: IdentityCategory | null;
  target_date: string | null;
  status: ReminderStatus;
  created_at: Date;
  updated_at: Date;
  progress: string | number | null;
}

export interface CommitmentRow {
  id: string;
  user_id: string;
  goal_id: string | null;
  title: string;
  due_at: Date;
  schedule: Schedule;
  status: ReminderStatus;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface EnergyRow {
  id: string;
  user_id: string;
  level: number;
  source: 'USER' | 'INFERRED';
  note: string | null;
  recorded_at: Date;
}

export interface NewGoal {
  userId: string;
  title: string;
  why?: string;
  identityId?: string;
  lifeArea?: IdentityCategory;
  targetDate?: string;
  testScenarioId: string | null;
}

export interface NewCommitment {
  userId: string;
  goalId: string | null;
  title: string;
  dueAt: Date;
  schedule: Schedule;
  testScenarioId: string | null;
}

export interface OccurrenceDay {
  /** YYYY-MM-DD in the user's time zone. */
  day: string;
  completed: number;
  skipped: number;
  missed: number;
}

const iso = (date: Date | string) => new Date(date).toISOString();

/** Raw queries return timestamps as strings: a commitment row with real Dates. */
function commitmentRow(row: CommitmentRow): CommitmentRow {
  return {
    ...row,
    due_at: new Date(row.due_at),
    completed_at: row.completed_at ? new Date(row.completed_at) : null,
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
  };
}

/** A goal's progress: the share of its commitments' settled occurrences that were completed. */
/** A timestamp as ISO 8601 to the microsecond (a JS Date keeps milliseconds): a keyset cursor's exact position. */
export const exactInstant = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const GOAL_PROGRESS = `coalesce((select round(100.0 * count(*) filter (where o."outcome" = 'COMPLETED') / nullif(count(*), 0))
  from "progress"."commitment_occurrences" o join "progress"."commitments" c on c."id" = o."commitment_id" where c."goal_id" = g."id"), 0) as "progress"`;

export function toGoalView(row: GoalRow): GoalView {
  return {
    id: row.id,
    userId: row.user_id,
    title: row.title,
    why: row.why,
    identityId: row.identity_id,
    lifeArea: row.life_area,
    targetDate: row.target_date,
    status: row.status,
    progress: Number(row.progress ?? 0),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toCommitmentView(row: CommitmentRow): CommitmentView {
  return {
    id: row.id,
    userId: row.user_id,
    goalId: row.goal_id,
    title: row.title,
    dueAt: iso(row.due_at),
    schedule: row.schedule,
    status: row.status,
    completedAt: row.completed_at ? iso(row.completed_at) : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toEnergyView(row: EnergyRow): EnergyView {
  return { id: row.id, userId: row.user_id, level: Number(row.level), source: row.source, note: row.note, recordedAt: iso(row.recorded_at) };
}

/**
 * Every SQL statement on progress's tables but the scheduler's claim (check-in.repository.ts).
 * Writes take the caller's transaction; reads run on a fresh context of their own.
 */
@Injectable()
export class ProgressRepository {
  constructor(private readonly em: EntityManager) {}

  private read(): EntityManager {
    return this.em.fork();
  }

  // Goals

  async createGoal(em: EntityManager, goal: NewGoal): Promise<GoalView> {
    const [row] = await em.execute<GoalRow[]>(
      `insert into "progress"."goals" ("user_id", "title", "why", "identity_id", "life_area", "target_date", "test_scenario_id")
       values (?, ?, ?, ?, ?, ?, ?) returning *, 0 as "progress"`,
      [goal.userId, goal.title, goal.why ?? null, goal.identityId ?? null, goal.lifeArea ?? null, goal.targetDate ?? null, goal.testScenarioId],
    );
    return toGoalView(row!);
  }

  async findGoal(em: EntityManager | null, userId: string, goalId: string, forUpdate = false): Promise<GoalView | null> {
    const [row] = await (em ?? this.read()).execute<GoalRow[]>(`select g.*, ${GOAL_PROGRESS} from "progress"."goals" g where g."id" = ? and g."user_id" = ?${forUpdate ? ' for update of g' : ''}`, [
      goalId,
      userId,
    ]);
    return row ? toGoalView(row) : null;
  }

  async updateGoal(em: EntityManager, goalId: string, changes: Partial<Record<'title' | 'why' | 'identity_id' | 'life_area' | 'target_date' | 'status', string>>): Promise<void> {
    const columns = Object.entries(changes).filter(([, value]) => value !== undefined);
    const sets = [...columns.map(([column]) => `"${column}" = ?`), '"updated_at" = now()'];
    await em.execute(`update "progress"."goals" set ${sets.join(', ')} where "id" = ?`, [...columns.map(([, value]) => value), goalId], 'run');
  }

  /**
   * Oldest first (then by id); a page after `page.after` of `page.limit` rows, or every row. Each
   * comes with its sort key to the microsecond (`key`), which the next page's cursor carries.
   */
  async listGoals(userId: string, status?: ReminderStatus, page: { after?: KeysetCursor; limit?: number } = {}): Promise<Array<GoalView & { key: string }>> {
    const where = ['g."user_id" = ?'];
    const params: unknown[] = [userId];
    if (status) (where.push('g."status" = ?'), params.push(status));
    if (page.after) (where.push('(g."created_at", g."id") > (?::timestamptz, ?::uuid)'), params.push(page.after.at, page.after.id));
    if (page.limit !== undefined) params.push(page.limit);
    const rows = await this.read().execute<Array<GoalRow & { key: string }>>(
      `select g.*, ${GOAL_PROGRESS}, ${exactInstant('g."created_at"')} as "key" from "progress"."goals" g where ${where.join(' and ')} order by g."created_at", g."id"${page.limit === undefined ? '' : ' limit ?'}`,
      params,
    );
    return rows.map((row) => ({ ...toGoalView(row), key: row.key }));
  }

  // Commitments

  /** A new commitment and the reminder for its first due time, in the caller's transaction. */
  async createCommitment(em: EntityManager, commitment: NewCommitment): Promise<CommitmentView> {
    const [row] = await em.execute<CommitmentRow[]>(
      `insert into "progress"."commitments" ("user_id", "goal_id", "title", "due_at", "schedule", "test_scenario_id") values (?, ?, ?, ?, ?, ?) returning *`,
      [commitment.userId, commitment.goalId, commitment.title, commitment.dueAt, commitment.schedule, commitment.testScenarioId],
    );
    await this.scheduleReminder(em, row!, 'DUE', commitment.dueAt, commitment.testScenarioId);
    return toCommitmentView(row!);
  }

  /** The user's commitment, locked for the rest of the transaction; null when absent or someone else's. */
  async findCommitmentForUpdate(em: EntityManager, userId: string, commitmentId: string): Promise<CommitmentRow | null> {
    const [row] = await em.execute<CommitmentRow[]>(`select * from "progress"."commitments" where "id" = ? and "user_id" = ? for update`, [commitmentId, userId]);
    return row ? commitmentRow(row) : null;
  }

  /** Soonest due first (then by id); a page as listGoals pages, keyed on the due time. */
  async listCommitments(userId: string, filter: { goalId?: string; status?: ReminderStatus }, page: { after?: KeysetCursor; limit?: number } = {}): Promise<Array<CommitmentView & { key: string }>> {
    const where = ['"user_id" = ?'];
    const params: unknown[] = [userId];
    if (filter.goalId) (where.push('"goal_id" = ?'), params.push(filter.goalId));
    if (filter.status) (where.push('"status" = ?'), params.push(filter.status));
    if (page.after) (where.push('("due_at", "id") > (?::timestamptz, ?::uuid)'), params.push(page.after.at, page.after.id));
    if (page.limit !== undefined) params.push(page.limit);
    const rows = await this.read().execute<Array<CommitmentRow & { key: string }>>(
      `select *, ${exactInstant('"due_at"')} as "key" from "progress"."commitments" where ${where.join(' and ')} order by "due_at", "id"${page.limit === undefined ? '' : ' limit ?'}`,
      params,
    );
    return rows.map((row) => ({ ...toCommitmentView(row), key: row.key }));
  }

  /** The check-in for one occurrence; a second one for the same occurrence and reason is ignored. */
  async scheduleReminder(
    em: EntityManager,
    commitment: Pick<CommitmentRow, 'id' | 'user_id'>,
    reason: CheckInReason,
    occurrenceDueAt: Date,
    testScenarioId: string | null,
    runAt = occurrenceDueAt,
  ): Promise<void> {
    await em.execute(
      `insert into "progress"."reminder_schedules" ("user_id", "commitment_id", "reason", "occurrence_due_at", "run_at", "test_scenario_id") values (?, ?, ?, ?, ?, ?) on conflict do nothing`,
      [commitment.user_id, commitment.id, reason, occurrenceDueAt, runAt, testScenarioId],
      'run',
    );
  }

  /** Reminders of an occurrence that was settled before they went out are not sent (SKIPPED). */
  async cancelReminders(em: EntityManager, commitmentId: string, occurrenceDueAt: Date): Promise<void> {
    await em.execute(
      `update "progress"."reminder_schedules" set "status" = 'SKIPPED' where "commitment_id" = ? and "occurrence_due_at" = ? and "status" in ('SCHEDULED', 'PENDING')`,
      [commitmentId, occurrenceDueAt],
      'run',
    );
  }

  /** Records what became of one occurrence; a late answer replaces MISSED. */
  async settleOccurrence(em: EntityManager, commitment: Pick<CommitmentRow, 'id' | 'user_id'>, dueAt: Date, outcome: OccurrenceOutcome, note: string | null): Promise<void> {
    await em.execute(
      `insert into "progress"."commitment_occurrences" ("user_id", "commitment_id", "due_at", "outcome", "note") values (?, ?, ?, ?, ?)
       on conflict ("commitment_id", "due_at") do update set "outcome" = excluded."outcome", "note" = coalesce(excluded."note", "commitment_occurrences"."note"), "recorded_at" = now()`,
      [commitment.user_id, commitment.id, dueAt, outcome, note],
      'run',
    );
  }

  async updateCommitment(em: EntityManager, commitmentId: string, changes: { status: ReminderStatus; dueAt?: Date; completedAt?: Date }): Promise<CommitmentRow> {
    const [row] = await em.execute<CommitmentRow[]>(
      `update "progress"."commitments" set "status" = ?, "due_at" = coalesce(?, "due_at"), "completed_at" = coalesce(?, "completed_at"), "updated_at" = now() where "id" = ? returning *`,
      [changes.status, changes.dueAt ?? null, changes.completedAt ?? null, commitmentId],
    );
    return commitmentRow(row!);
  }

  /**
   * The first occurrence of a repeating schedule after `after`, counted in local days from
   * `dueAt` in the user's time zone (so 07:30 stays 07:30 across daylight-saving changes).
   */
  async nextDue(em: EntityManager, userId: string, dueAt: Date, schedule: Exclude<Schedule, 'ONCE'>, after: Date): Promise<Date> {
    const [row] = await em.execute<Array<{ next: Date }>>(
      `with zone as (select coalesce((select "time_zone" from "progress"."check_in_settings" where "user_id" = ?), 'UTC') as tz),
       local as (select (?::timestamptz at time zone zone.tz) as start, zone.tz from zone)
       select min((local.start + make_interval(days => n)) at time zone local.tz) as "next"
       from local, generate_series(1, 3700) n
       where (local.start + make_interval(days => n)) at time zone local.tz > ?::timestamptz
         and case ? when 'DAILY' then true when 'WEEKLY' then n % 7 = 0 else extract(isodow from local.start + make_interval(days => n)) < 6 end`,
      [userId, dueAt, after, schedule],
    );
    return new Date(row!.next);
  }

  /** The next time the user's clock shows `at` (HH:MM in their time zone), today if still ahead, else tomorrow. */
  async nextLocalTime(em: EntityManager, userId: string, at: string): Promise<Date> {
    const [row] = await em.execute<Array<{ next: Date }>>(
      `with z as (select coalesce((select "time_zone" from "progress"."check_in_settings" where "user_id" = ?), 'UTC') as tz),
       d as (select (date_trunc('day', now() at time zone z.tz) + ?::time) as local_at, z.tz from z)
       select case when (d.local_at at time zone d.tz) > now() then d.local_at at time zone d.tz else (d.local_at + interval '1 day') at time zone d.tz end as "next" from d`,
      [userId, at],
    );
    return new Date(row!.next);
  }

  // Energy

  async logEnergy(
    em: EntityManager,
    userId: string,
    level: number,
    source: 'USER' | 'INFERRED',
    note: string | null,
    testScenarioId: string | null = null,
    emotionValence: EmotionValence | null = null,
  ): Promise<EnergyView> {
    const [row] = await em.execute<EnergyRow[]>(
      `insert into "progress"."energy_metrics" ("user_id", "level", "source", "note", "test_scenario_id", "emotion_valence") values (?, ?, ?, ?, ?, ?) returning *`,
      [userId, level, source, note, testScenarioId, emotionValence],
    );
    return toEnergyView(row!);
  }

  async listEnergy(userId: string, days: number): Promise<EnergyView[]> {
    const rows = await this.read().execute<EnergyRow[]>(
      `select * from "progress"."energy_metrics" where "user_id" = ? and "recorded_at" > now() - make_interval(days => ?) order by "recorded_at" desc, "id" desc`,
      [userId, days],
    );
    return rows.map(toEnergyView);
  }

  // Check-in settings

  async settingsOf(userId: string): Promise<CheckInSettingsView> {
    const [row] = await this.read().execute<Array<{ time_zone: string; quiet_hours_start: string | null; quiet_hours_end: string | null }>>(
      `select "time_zone", to_char("quiet_hours_start", 'HH24:MI') as "quiet_hours_start", to_char("quiet_hours_end", 'HH24:MI') as "quiet_hours_end" from "progress"."check_in_settings" where "user_id" = ?`,
      [userId],
    );
    return { timeZone: row?.time_zone ?? 'UTC', quietHoursStart: row?.quiet_hours_start ?? null, quietHoursEnd: row?.quiet_hours_end ?? null };
  }

  /** Saves the settings; reminders held back by the old quiet hours are due again at once (the scheduler re-checks them). */
  async saveSettings(em: EntityManager, userId: string, settings: CheckInSettingsView): Promise<void> {
    await em.execute(
      `insert into "progress"."check_in_settings" ("user_id", "time_zone", "quiet_hours_start", "quiet_hours_end") values (?, ?, ?, ?)
       on conflict ("user_id") do update set "time_zone" = excluded."time_zone", "quiet_hours_start" = excluded."quiet_hours_start", "quiet_hours_end" = excluded."quiet_hours_end", "updated_at" = now()`,
      [userId, settings.timeZone, settings.quietHoursStart, settings.quietHoursEnd],
      'run',
    );
    await em.execute(
      `update "progress"."reminder_schedules" set "status" = 'SCHEDULED', "run_at" = least("run_at", greatest("occurrence_due_at", now())) where "user_id" = ? and "status" = 'PENDING'`,
      [userId],
      'run',
    );
  }

  // Metrics

  /** Settled occurrences per local day (the user's time zone) of the last `days` days, oldest first. */
  async occurrenceDays(userId: string, days: number): Promise<OccurrenceDay[]> {
    const rows = await this.read().execute<Array<{ day: string; completed: string; skipped: string; missed: string }>>(
      `with zone as (select coalesce((select "time_zone" from "progress"."check_in_settings" where "user_id" = ?), 'UTC') as tz)
       select to_char((o."due_at" at time zone zone.tz)::date, 'YYYY-MM-DD') as "day",
         count(*) filter (where o."outcome" = 'COMPLETED') as "completed", count(*) filter (where o."outcome" = 'SKIPPED') as "skipped", count(*) filter (where o."outcome" = 'MISSED') as "missed"
       from "progress"."commitment_occurrences" o, zone
       where o."user_id" = ? and o."due_at" > now() - make_interval(days => ?) and o."due_at" <= now()
       group by 1 order by 1`,
      [userId, userId, days],
    );
    return rows.map((row) => ({ day: row.day, completed: Number(row.completed), skipped: Number(row.skipped), missed: Number(row.missed) }));
  }

  async energySummary(userId: string): Promise<{ latest: number | null; average7: number | null; average21: number | null; entries7: number }> {
    const [row] = await this.read().execute<Array<{ latest: number | null; average7: string | null; average21: string | null; entries7: string }>>(
      `select (select "level" from "progress"."energy_metrics" where "user_id" = ? order by "recorded_at" desc, "id" desc limit 1) as "latest",
         round(avg("level") filter (where "recorded_at" > now() - interval '7 days'), 1) as "average7",
         round(avg("level"), 1) as "average21",
         count(*) filter (where "recorded_at" > now() - interval '7 days') as "entries7"
       from "progress"."energy_metrics" where "user_id" = ? and "recorded_at" > now() - interval '21 days'`,
      [userId, userId],
    );
    return {
      latest: row?.latest === null || row?.latest === undefined ? null : Number(row.latest),
      average7: row?.average7 == null ? null : Number(row.average7),
      average21: row?.average21 == null ? null : Number(row.average21),
      entries7: Number(row?.entries7 ?? 0),
    };
  }

  // Sentinel's note events

  /** Records a change to one of the user's notes; forgetting a note also clears its text from the earlier rows. */
  async recordNoteChange(
    em: EntityManager,
    change: { id: string; userId: string; noteId: string; change: NoteChange; note: string | null; category: string | null; occurredAt: Date; testScenarioId: string | null },
  ): Promise<void> {
    if (change.change === 'DELETED') await em.execute(`update "progress"."note_changes" set "note" = null where "note_id" = ?`, [change.noteId]);
    await em.execute(
      `insert into "progress"."note_changes" ("id", "user_id", "note_id", "change", "note", "category", "occurred_at", "test_scenario_id") values (?, ?, ?, ?, ?, ?, ?, ?) on conflict ("id") do nothing`,
      [change.id, change.userId, change.noteId, change.change, change.change === 'DELETED' ? null : change.note, change.category, change.occurredAt, change.testScenarioId],
    );
  }

  // Erasure and test scenarios

  /** Every row of the user in progress's tables, reports and their schedules included (occurrences and reminders cascade from commitments, but are counted). */
  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    let erased = 0;
    for (const table of ['reminder_schedules', 'commitment_occurrences', 'commitments', 'goals', 'energy_metrics', 'check_in_settings', 'reports', 'report_schedules', 'insights', 'note_changes']) {
      const [row] = await em.execute<Array<{ count: string }>>(`with gone as (delete from "progress"."${table}" where "user_id" = ? returning 1) select count(*) from gone`, [userId]);
      erased += Number(row?.count ?? 0);
    }
    return erased;
  }

  async deleteTagged(em: EntityManager, testScenarioId: string, userIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const table of ['reminder_schedules', 'commitments', 'goals', 'energy_metrics', 'reports', 'report_schedules', 'insights', 'note_changes']) {
      const [row] = await em.execute<Array<{ count: string }>>(`with gone as (delete from "progress"."${table}" where "test_scenario_id" = ? returning 1) select count(*) from gone`, [testScenarioId]);
      deleted += Number(row?.count ?? 0);
    }
    // Derived rows kept on the scenario's accounts: occurrences (cascaded with their commitments), settings, and reports and insights written for them on demand.
    for (const table of userIds.length ? ['check_in_settings', 'reports', 'report_schedules', 'insights'] : []) {
      const [row] = await em.execute<Array<{ count: string }>>(
        `with gone as (delete from "progress"."${table}" where "user_id" = any(string_to_array(?, ',')::uuid[]) returning 1) select count(*) from gone`,
        [userIds.join(',')],
      );
      deleted += Number(row?.count ?? 0);
    }
    return deleted;
  }
}
