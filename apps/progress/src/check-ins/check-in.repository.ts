import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CheckInReason, ReminderStatus, Schedule } from '@tandem/contracts';

import { NUDGE_EMOTIONS_DAYS, NUDGE_MISSES_DAYS } from './check-in-message';

/** One reminder claimed by the scheduler, with what deciding and writing its check-in needs. */
export interface ClaimedReminder {
  id: string;
  user_id: string;
  commitment_id: string;
  reason: CheckInReason;
  occurrence_due_at: Date;
  test_scenario_id: string | null;
  title: string;
  schedule: Schedule;
  commitment_status: ReminderStatus;
  commitment_due_at: Date;
  time_zone: string;
  /** Set when the user's quiet hours are on now: the end of them. */
  quiet_until: Date | null;
  latest_energy: number | null;
  recent_misses: number;
  recent_negative_emotions: number;
}

const ids = (values: readonly string[]) => values.join(',');

/**
 * The scheduler's SQL. A claim takes the earliest due reminders with FOR UPDATE SKIP LOCKED (in
 * run_at order through the partial index: the sort never sees more than the batch), then their
 * commitments, also SKIP LOCKED: replicas take disjoint batches and never wait on each other, nor
 * on a user settling the same commitment (that transaction holds the commitment; this batch leaves
 * the reminder, and a later one sees it cancelled). Erased users' reminders are skipped (their
 * rows are being deleted). No per-user advisory lock here: taking one per claimed row filled
 * PostgreSQL's shared lock table under a 100,000-reminder backlog.
 */
@Injectable()
export class CheckInRepository {
  async claimDue(em: EntityManager, limit: number): Promise<ClaimedReminder[]> {
    const local = `(now() at time zone coalesce(s."time_zone", 'UTC'))`;
    return em.execute<ClaimedReminder[]>(
      `with claimed as (
         select "id" from "progress"."reminder_schedules" r
         where r."status" in ('SCHEDULED', 'PENDING') and r."run_at" <= now()
           and not exists (select 1 from "progress"."erased_users" e where e."user_id" = r."user_id")
         order by r."run_at" limit ? for update skip locked)
       select r."id", r."user_id", r."commitment_id", r."reason", r."occurrence_due_at", r."test_scenario_id",
         c."title", c."schedule", c."status" as "commitment_status", c."due_at" as "commitment_due_at",
         coalesce(s."time_zone", 'UTC') as "time_zone",
         case
           when s."quiet_hours_start" is null or s."quiet_hours_start" = s."quiet_hours_end" then null
           when (case when s."quiet_hours_start" < s."quiet_hours_end"
                   then ${local}::time >= s."quiet_hours_start" and ${local}::time < s."quiet_hours_end"
                   else ${local}::time >= s."quiet_hours_start" or ${local}::time < s."quiet_hours_end" end)
           then ((${local})::date + s."quiet_hours_end" + case when ${local}::time >= s."quiet_hours_end" then interval '1 day' else interval '0 days' end) at time zone s."time_zone"
         end as "quiet_until",
         (select e."level" from "progress"."energy_metrics" e where e."user_id" = r."user_id" order by e."recorded_at" desc limit 1) as "latest_energy",
         (select count(*) from "progress"."commitment_occurrences" o where o."user_id" = r."user_id" and o."outcome" = 'MISSED' and o."due_at" > now() - make_interval(days => ?))::int as "recent_misses",
         (select count(*) from "progress"."energy_metrics" e where e."user_id" = r."user_id" and e."emotion_valence" = 'NEGATIVE' and e."recorded_at" > now() - make_interval(days => ?))::int as "recent_negative_emotions"
       from claimed
       join "progress"."reminder_schedules" r on r."id" = claimed."id"
       join "progress"."commitments" c on c."id" = r."commitment_id"
       left join "progress"."check_in_settings" s on s."user_id" = r."user_id"
       for update of c skip locked`,
      [limit, NUDGE_MISSES_DAYS, NUDGE_EMOTIONS_DAYS],
    );
  }

  /** Quiet hours: the reminder waits (PENDING) until they end. */
  async defer(em: EntityManager, reminders: ClaimedReminder[]): Promise<void> {
    for (const reminder of reminders) {
      await em.execute(`update "progress"."reminder_schedules" set "status" = 'PENDING', "run_at" = ? where "id" = ?`, [reminder.quiet_until, reminder.id], 'run');
    }
  }

  async markSent(em: EntityManager, reminderIds: readonly string[]): Promise<void> {
    if (!reminderIds.length) return;
    await em.execute(`update "progress"."reminder_schedules" set "status" = 'COMPLETED', "sent_at" = now() where "id" = any(string_to_array(?, ',')::uuid[])`, [ids(reminderIds)], 'run');
  }

  /** Reminders whose occurrence was settled meanwhile, or whose commitment is final: not sent. */
  async markSkipped(em: EntityManager, reminderIds: readonly string[]): Promise<void> {
    if (!reminderIds.length) return;
    await em.execute(`update "progress"."reminder_schedules" set "status" = 'SKIPPED' where "id" = any(string_to_array(?, ',')::uuid[])`, [ids(reminderIds)], 'run');
  }

  /**
   * After a DUE check-in: the commitment awaits the user's answer (PENDING), and the occurrence
   * gets its MISSED reminder `missedAfterMinutes` after it was due.
   */
  async awaitAnswer(em: EntityManager, reminderIds: readonly string[], missedAfterMinutes: number): Promise<void> {
    if (!reminderIds.length) return;
    await em.execute(
      `update "progress"."commitments" c set "status" = 'PENDING', "updated_at" = now()
       from "progress"."reminder_schedules" r where r."id" = any(string_to_array(?, ',')::uuid[]) and c."id" = r."commitment_id"`,
      [ids(reminderIds)],
      'run',
    );
    await em.execute(
      `insert into "progress"."reminder_schedules" ("user_id", "commitment_id", "reason", "occurrence_due_at", "run_at", "test_scenario_id")
       select r."user_id", r."commitment_id", 'MISSED', r."occurrence_due_at", r."occurrence_due_at" + make_interval(secs => ? * 60), r."test_scenario_id"
       from "progress"."reminder_schedules" r where r."id" = any(string_to_array(?, ',')::uuid[])
       on conflict do nothing`,
      [missedAfterMinutes, ids(reminderIds)],
      'run',
    );
  }
}
