import { randomUUID } from 'node:crypto';

import {
  CheckInDue,
  CommitmentChanged,
  CompleteCommitmentNow,
  CreateCommitmentNow,
  CreateGoalNow,
  EmotionRecorded,
  EnergyLogged,
  GenerateReportNow,
  GetGoal,
  GetProgressMetrics,
  ListCommitments,
  ListCommitmentsV1,
  ListGoals,
  ListGoalsV1,
  LogEnergyNow,
  SkipCommitmentNow,
  UpdateCheckInSettings,
  UserDeleted,
  UserErased,
  type Envelope,
  type PayloadOf,
} from '@tandem/contracts';
import { QueryRejectedError } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { startProgress, type ProgressBed } from './support';

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const checkInsOf = (received: Envelope[], userId: string) =>
  received.filter((envelope) => envelope.type === CheckInDue.type && envelope.userId === userId).map((envelope) => envelope.payload as PayloadOf<typeof CheckInDue>);

async function rejection(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QueryRejectedError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

/** Moves a user's commitments and waiting reminders back in time, as if `minutes` had passed. */
async function timePasses(bed: ProgressBed, userId: string, minutes: number): Promise<void> {
  await bed.sql(`update "progress"."commitments" set "due_at" = "due_at" - make_interval(mins => $2) where "user_id" = $1`, [userId, minutes]);
  await bed.sql(
    `update "progress"."reminder_schedules" set "occurrence_due_at" = "occurrence_due_at" - make_interval(mins => $2), "run_at" = "run_at" - make_interval(mins => $2) where "user_id" = $1`,
    [userId, minutes],
  );
}

describe('progress', () => {
  let bed: ProgressBed;

  beforeAll(async () => {
    bed = await startProgress({ PROGRESS_SCHEDULER_BATCH: '25', PROGRESS_MISSED_AFTER_MINUTES: '60' }, 2);
  }, 60_000);

  afterAll(() => bed?.close());

  describe('goals and commitments', () => {
    it('should keep a goal with its commitments, and answer 404 for another user’s goal', async () => {
      const userId = randomUUID();
      const goal = await bed.ask(CreateGoalNow, { userId, title: 'Run a 10 km race', why: 'To feel strong again', lifeArea: 'HEALTH', targetDate: '2027-03-01' });
      expect(goal).toMatchObject({ userId, title: 'Run a 10 km race', status: 'SCHEDULED', progress: 0, lifeArea: 'HEALTH', targetDate: '2027-03-01' });
      const commitment = await bed.ask(CreateCommitmentNow, { userId, goalId: goal.id, title: 'A 20-minute walk', dueAt: inMinutes(60), schedule: 'DAILY' });
      expect(commitment).toMatchObject({ goalId: goal.id, schedule: 'DAILY', status: 'SCHEDULED' });
      expect(await bed.ask(GetGoal, { userId, goalId: goal.id })).toMatchObject({ id: goal.id, commitments: [{ id: commitment.id }] });

      const stranger = randomUUID();
      expect(await rejection(bed.ask(GetGoal, { userId: stranger, goalId: goal.id }))).toMatchObject({ status: 404 });
      expect(await rejection(bed.ask(CreateCommitmentNow, { userId: stranger, goalId: goal.id, title: 'Hijack', dueAt: inMinutes(60) }))).toMatchObject({ status: 404 });
      expect(await rejection(bed.ask(CompleteCommitmentNow, { userId: stranger, commitmentId: commitment.id }))).toMatchObject({ status: 404 });
      await expectEventually(() =>
        // Two subjects, two transactions: each event once, in no promised order.
        expect(
          bed.received
            .filter((envelope) => envelope.userId === userId)
            .map((envelope) => envelope.type)
            .sort(),
        ).toEqual(['progress.commitment.changed', 'progress.goal.changed']),
      );
    });

    it('should page goals and commitments with a cursor: each once, in a stable order at one microsecond; 400 for a bad cursor', async () => {
      const userId = randomUUID();
      const goals = [];
      for (const title of ['Run', 'Read', 'Rest', 'Write']) goals.push(await bed.ask(CreateGoalNow, { userId, title }));
      // Three at one instant, to the microsecond (a JS Date would lose it): the id breaks the tie.
      await bed.sql("update progress.goals set created_at = '2026-11-30T10:00:00.123456Z' where id = any($1)", [goals.slice(1).map((goal) => goal.id)]);
      const dueAt = inMinutes(60);
      const commitments = [];
      for (const title of ['Walk', 'Stretch', 'Call', 'Cook', 'Sleep']) commitments.push(await bed.ask(CreateCommitmentNow, { userId, title, dueAt: title === 'Sleep' ? inMinutes(30) : dueAt }));
      await bed.sql("update progress.commitments set due_at = due_at + interval '0.000321 seconds' where id = any($1)", [commitments.slice(0, 4).map((commitment) => commitment.id)]);

      const walk = async <T extends { id: string }>(ask: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await ask(cursor);
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seen;
      };
      const allGoals = await bed.ask(ListGoals, { userId });
      expect(allGoals.nextCursor).toBeNull();
      expect(allGoals.items.map((goal) => goal.id)).toEqual([
        ...goals
          .slice(1)
          .map((goal) => goal.id)
          .sort(),
        goals[0]!.id,
      ]);
      expect(await walk((cursor) => bed.ask(ListGoals, { userId, limit: 2, ...(cursor ? { cursor } : {}) }))).toEqual(allGoals.items.map((goal) => goal.id));
      const allCommitments = await bed.ask(ListCommitments, { userId });
      expect(allCommitments.items.map((commitment) => commitment.title)[0]).toBe('Sleep');
      expect(await walk((cursor) => bed.ask(ListCommitments, { userId, limit: 2, ...(cursor ? { cursor } : {}) }))).toEqual(allCommitments.items.map((commitment) => commitment.id));
      expect(await rejection(bed.ask(ListGoals, { userId, cursor: 'nonsense' }))).toMatchObject({ status: 400, message: expect.stringContaining('cursor') });
      expect(await rejection(bed.ask(ListCommitments, { userId, cursor: 'nonsense' }))).toMatchObject({ status: 400 });
      // Version 1, for callers from before pages: every row, no cursor.
      expect(await bed.ask(ListGoalsV1, { userId })).toEqual({ items: allGoals.items });
      expect(await bed.ask(ListCommitmentsV1, { userId })).toEqual({ items: allCommitments.items });
    });

    it('should refuse a due date in the past with a 400 naming dueAt', async () => {
      const refused = await rejection(bed.ask(CreateCommitmentNow, { userId: randomUUID(), title: 'Yesterday', dueAt: inMinutes(-10) }));
      expect(refused.status).toBe(400);
      expect(refused.message).toContain('dueAt');
    });

    it('should move a daily commitment to the same local time the next day when completed, and finish a once commitment when skipped', async () => {
      const userId = randomUUID();
      await bed.ask(UpdateCheckInSettings, { userId, timeZone: 'America/New_York' });
      const dueAt = inMinutes(30);
      const daily = await bed.ask(CreateCommitmentNow, { userId, title: 'Stretch', dueAt, schedule: 'DAILY' });
      const done = await bed.ask(CompleteCommitmentNow, { userId, commitmentId: daily.id, note: 'Felt good' });
      expect(done.status).toBe('SCHEDULED');
      expect(new Date(done.dueAt).getTime() - new Date(dueAt).getTime()).toBeGreaterThanOrEqual(23 * 3_600_000); // 23-25 h across a DST change
      expect(new Date(done.dueAt).getTime() - new Date(dueAt).getTime()).toBeLessThanOrEqual(25 * 3_600_000);
      expect(done.completedAt).not.toBeNull();
      const reminders = await bed.sql<{ status: string; occurrence_due_at: Date }>(
        `select "status", "occurrence_due_at" from "progress"."reminder_schedules" where "commitment_id" = $1 order by "occurrence_due_at"`,
        [daily.id],
      );
      expect(reminders.map((reminder) => reminder.status)).toEqual(['SKIPPED', 'SCHEDULED']); // the first occurrence needs no check-in now

      const once = await bed.ask(CreateCommitmentNow, { userId, title: 'Call mum', dueAt: inMinutes(30) });
      expect(await bed.ask(SkipCommitmentNow, { userId, commitmentId: once.id })).toMatchObject({ status: 'SKIPPED', completedAt: null });
      expect(await rejection(bed.ask(CompleteCommitmentNow, { userId, commitmentId: once.id }))).toMatchObject({ status: 409 });
      expect((await bed.ask(ListCommitments, { userId, status: 'SKIPPED' })).items.map((item) => item.id)).toEqual([once.id]);
    });
  });

  describe('check-ins', () => {
    it('should send each check-in exactly once with two schedulers claiming side by side', async () => {
      const users = Array.from({ length: 150 }, () => randomUUID());
      const dueAt = new Date(Date.now() + 1_500).toISOString();
      // Two commitments per user falling due together, made in one transaction (the API would refuse nothing here but is slower).
      const [first] = bed.replicas;
      await first!.bus.transaction(async (tx) => {
        for (const userId of users) {
          await first!.service.createCommitment(tx, userId, { title: 'Drink water', dueAt, schedule: 'ONCE' });
          await first!.service.createCommitment(tx, userId, { title: 'Plan tomorrow', dueAt, schedule: 'DAILY' });
        }
      });
      const wanted = users.length * 2;
      const sent = await expectEventually(
        () => {
          const checkIns = bed.received.filter((envelope) => envelope.type === CheckInDue.type && (users as string[]).includes(envelope.userId!));
          expect(checkIns.length).toBeGreaterThanOrEqual(wanted);
          return checkIns;
        },
        { timeoutMs: 60_000 },
      );
      const ids = sent.map((envelope) => (envelope.payload as PayloadOf<typeof CheckInDue>).checkInId);
      expect(new Set(ids).size).toBe(wanted);
      expect(sent).toHaveLength(wanted); // no duplicates, also after everything settled:
      const rows = await bed.sql<{ status: string; reason: string; count: string }>(
        `select "status", "reason", count(*) from "progress"."reminder_schedules" where "user_id" = any($1::uuid[]) group by 1, 2 order by 1, 2`,
        [users],
      );
      expect(rows).toEqual([
        { status: 'COMPLETED', reason: 'DUE', count: String(wanted) },
        { status: 'SCHEDULED', reason: 'MISSED', count: String(wanted) },
      ]);
      expect(bed.received.filter((envelope) => envelope.type === CheckInDue.type && (users as string[]).includes(envelope.userId!))).toHaveLength(wanted);
      const pending = await bed.sql<{ count: string }>(`select count(*) from "progress"."commitments" where "user_id" = any($1::uuid[]) and "status" = 'PENDING'`, [users]);
      expect(pending[0]!.count).toBe(String(wanted));
    }, 90_000);

    it('should send a check-in that fell due while no scheduler ran once one starts again', async () => {
      const userId = randomUUID();
      for (const replica of bed.replicas.splice(0)) await replica.app.close();
      // Made directly (no replica is up to answer): due five minutes ago.
      await bed.sql(`insert into "progress"."commitments" ("id", "user_id", "title", "due_at") values (gen_random_uuid(), $1, 'Journal', now() - interval '5 minutes')`, [userId]);
      await bed.sql(
        `insert into "progress"."reminder_schedules" ("user_id", "commitment_id", "reason", "occurrence_due_at", "run_at") select "user_id", "id", 'DUE', "due_at", "due_at" from "progress"."commitments" where "user_id" = $1`,
        [userId],
      );
      expect(checkInsOf(bed.received, userId)).toEqual([]);
      await bed.addReplica();
      await bed.addReplica();
      const [checkIn] = await expectEventually(() => {
        const checkIns = checkInsOf(bed.received, userId);
        expect(checkIns).toHaveLength(1);
        return checkIns;
      });
      expect(checkIn).toMatchObject({ reason: 'DUE', commitmentTitle: 'Journal' });
      expect(checkIn!.message).toContain('"Journal"');
    }, 60_000);

    it('should hold a check-in during quiet hours in the user’s time zone, and send it when they end', async () => {
      const userId = randomUUID();
      const zone = 'Asia/Tokyo';
      const localNow = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
      const [hour] = localNow.split(':').map(Number);
      const pad = (value: number) => String((value + 24) % 24).padStart(2, '0');
      // Quiet from an hour ago to two hours from now, local time in Tokyo.
      await bed.ask(UpdateCheckInSettings, { userId, timeZone: zone, quietHoursStart: `${pad(hour! - 1)}:00`, quietHoursEnd: `${pad(hour! + 2)}:00` });
      await bed.ask(CreateCommitmentNow, { userId, title: 'Meditate', dueAt: inMinutes(10) });
      await timePasses(bed, userId, 11);
      const [held] = await expectEventually(async () => {
        const rows = await bed.sql<{ status: string; run_at: Date }>(`select "status", "run_at" from "progress"."reminder_schedules" where "user_id" = $1`, [userId]);
        expect(rows.map((row) => row.status)).toEqual(['PENDING']);
        return rows;
      });
      const end = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(held!.run_at);
      expect(end).toBe(`${pad(hour! + 2)}:00`);
      expect(checkInsOf(bed.received, userId)).toEqual([]);

      await bed.ask(UpdateCheckInSettings, { userId, timeZone: zone });
      await expectEventually(() => expect(checkInsOf(bed.received, userId)).toHaveLength(1));
    }, 60_000);

    it('should mark an unanswered occurrence MISSED, move a daily commitment on, and check in gently when low energy meets negative emotions', async () => {
      const userId = randomUUID();
      const steady = randomUUID(); // low energy too, but no negative emotion: the reminder
      for (const user of [userId, steady]) await bed.ask(LogEnergyNow, { userId: user, level: 3, note: 'Exhausted' });
      const emotion = { id: randomUUID(), userId, messageId: null, conversationId: null, valence: 'NEGATIVE' as const, intensity: 4, createdAt: new Date().toISOString() };
      await bed.client.publish(EmotionRecorded, { emotion });
      await expectEventually(() => expect(bed.received.filter((envelope) => envelope.type === EnergyLogged.type && envelope.userId === userId)).toHaveLength(2));
      const commitment = await bed.ask(CreateCommitmentNow, { userId, title: 'Evening run', dueAt: inMinutes(5), schedule: 'DAILY' });
      await bed.ask(CreateCommitmentNow, { userId: steady, title: 'Evening run', dueAt: inMinutes(5), schedule: 'DAILY' });
      for (const user of [userId, steady]) await timePasses(bed, user, 6);
      await expectEventually(() => expect(checkInsOf(bed.received, userId).map((checkIn) => checkIn.reason)).toEqual(['DUE']));
      for (const user of [userId, steady]) await timePasses(bed, user, 61); // past PROGRESS_MISSED_AFTER_MINUTES with no answer
      const [checkIns, reminders] = await expectEventually(() => {
        const all = [checkInsOf(bed.received, userId), checkInsOf(bed.received, steady)];
        for (const checkIns of all) expect(checkIns.map((checkIn) => checkIn.reason)).toEqual(['DUE', 'MISSED']);
        return all as [PayloadOf<typeof CheckInDue>[], PayloadOf<typeof CheckInDue>[]];
      });
      expect(checkIns[1]!.message).toContain('how are you, really?');
      expect(reminders[1]!.message).toContain('what got in the way');
      const changed = await expectEventually(() => {
        const missed = bed.received.filter((envelope) => envelope.type === CommitmentChanged.type && envelope.userId === userId && (envelope.payload as { outcome: string }).outcome === 'MISSED');
        expect(missed).toHaveLength(1);
        return missed[0]!.payload as PayloadOf<typeof CommitmentChanged>;
      });
      expect(changed.commitment).toMatchObject({ id: commitment.id, status: 'SCHEDULED' });
      expect(new Date(changed.commitment.dueAt).getTime()).toBeGreaterThan(Date.now());
      const metrics = await bed.ask(GetProgressMetrics, { userId });
      expect(metrics.consistency.last7).toMatchObject({ due: 1, missed: 1, completed: 0, rate: 0 });
      expect(metrics.energy).toMatchObject({ latest: 4, entries7: 2 });
    }, 60_000);
  });

  describe('energy', () => {
    it('should infer energy from the emotions Sentinel records, apart from what the user gives', async () => {
      const userId = randomUUID();
      await bed.ask(LogEnergyNow, { userId, level: 8, note: 'Good sleep' });
      const emotion = { id: randomUUID(), userId, messageId: null, conversationId: null, valence: 'NEGATIVE' as const, intensity: 8, createdAt: new Date().toISOString() };
      await bed.client.publish(EmotionRecorded, { emotion });
      const inferred = await expectEventually(() => {
        const logged = bed.received
          .filter((envelope) => envelope.type === EnergyLogged.type && envelope.userId === userId)
          .map((envelope) => (envelope.payload as PayloadOf<typeof EnergyLogged>).energy);
        expect(logged.map((energy) => energy.source)).toEqual(['USER', 'INFERRED']);
        return logged[1]!;
      });
      expect(inferred).toMatchObject({ level: 2, note: 'From a negative emotion of intensity 8' });
      expect((await bed.ask(GetProgressMetrics, { userId })).energy).toMatchObject({ latest: 2, average7: 5, entries7: 2 });
    });
  });

  describe('metrics', () => {
    it('should count completion and streaks from settled occurrences', async () => {
      const userId = randomUUID();
      const commitment = await bed.ask(CreateCommitmentNow, { userId, title: 'Read 10 pages', dueAt: inMinutes(1), schedule: 'DAILY' });
      // Three earlier days completed, as if answered then.
      await bed.sql(
        `insert into "progress"."commitment_occurrences" ("user_id", "commitment_id", "due_at", "outcome") select $1, $2, now() - make_interval(days => d), 'COMPLETED' from generate_series(1, 3) d`,
        [userId, commitment.id],
      );
      await bed.ask(CompleteCommitmentNow, { userId, commitmentId: commitment.id });
      await bed.ask(LogEnergyNow, { userId, level: 8 });
      await bed.ask(LogEnergyNow, { userId, level: 6 });
      const metrics = await bed.ask(GetProgressMetrics, { userId });
      // Today's occurrence is due a minute from now, so not yet in the window; the three before are.
      expect(metrics.consistency.last7).toMatchObject({ due: 3, completed: 3, rate: 1 });
      expect(metrics.consistency.currentStreak).toBe(3);
      expect(metrics.energy).toMatchObject({ latest: 6, average7: 7, entries7: 2 });
    });
  });

  describe('erasure', () => {
    it('should erase every row of a deleted user, confirm with user.erased, and take nothing for them afterwards', async () => {
      const userId = randomUUID();
      const goal = await bed.ask(CreateGoalNow, { userId, title: 'Sleep more' });
      await bed.ask(CreateCommitmentNow, { userId, goalId: goal.id, title: 'Lights out at 23:00', dueAt: inMinutes(60), schedule: 'DAILY' });
      await bed.ask(LogEnergyNow, { userId, level: 5 });
      await bed.ask(UpdateCheckInSettings, { userId, timeZone: 'Europe/Paris', quietHoursStart: '22:00', quietHoursEnd: '07:00' });
      await bed.ask(GenerateReportNow, { userId, type: 'TWO_DAY' });
      const erased = await bed.client.publishForReply(UserDeleted, { userId, requestedAt: new Date().toISOString() });
      expect(erased).toMatchObject({ type: UserErased.type, payload: { userId, service: 'progress', erasedRows: 9 } }); // 5 rows, 3 report schedules and the report
      for (const table of ['goals', 'commitments', 'reminder_schedules', 'energy_metrics', 'check_in_settings', 'commitment_occurrences', 'reports', 'report_schedules', 'insights']) {
        expect(await bed.sql(`select 1 from "progress"."${table}" where "user_id" = $1`, [userId])).toEqual([]);
      }
      expect(await rejection(bed.ask(LogEnergyNow, { userId, level: 5 }))).toMatchObject({ status: 404 });
    });
  });
});
