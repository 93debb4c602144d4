import { randomUUID } from 'node:crypto';

import {
  CompleteCommitmentNow,
  CreateCommitmentNow,
  CreateGoalNow,
  GenerateReportNow,
  GetReport,
  InsightFound,
  ListInsights,
  ListInsightsV1,
  ListReports,
  ListReportsV1,
  LogEnergyNow,
  NoteAdded,
  NoteDeleted,
  NoteUpdated,
  ReportGenerated,
  SkipCommitmentNow,
  type PayloadOf,
} from '@tandem/contracts';
import { QueryRejectedError } from '@tandem/messaging';
import { expectEventually } from '@tandem/testing';

import { startProgress, type ProgressBed } from './support';

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const generatedFor = (bed: ProgressBed, userIds: string[]) =>
  bed.received.filter((envelope) => envelope.type === ReportGenerated.type && userIds.includes(envelope.userId!)).map((envelope) => (envelope.payload as PayloadOf<typeof ReportGenerated>).report);

describe('progress reports', () => {
  let bed: ProgressBed;

  beforeAll(async () => {
    bed = await startProgress({ PROGRESS_REPORT_INTERVAL_MS: '100', PROGRESS_REPORT_BATCH: '7', PROGRESS_REPORT_CONCURRENCY: '3' }, 2);
  }, 120_000);

  afterAll(() => bed?.close());

  /** A user whose last two days hold two walks done, a journal skipped and missed, and energy rising from 3-4 to 8. */
  async function userWithTwoDays(): Promise<string> {
    const userId = randomUUID();
    const goal = await bed.ask(CreateGoalNow, { userId, title: 'Feel fit again', identityId: randomUUID() });
    const walk = await bed.ask(CreateCommitmentNow, { userId, goalId: goal.id, title: 'A 20-minute walk', dueAt: inMinutes(0), schedule: 'DAILY' });
    const journal = await bed.ask(CreateCommitmentNow, { userId, title: 'Journal before bed', dueAt: inMinutes(0), schedule: 'DAILY' });
    await bed.ask(CompleteCommitmentNow, { userId, commitmentId: walk.id });
    await bed.ask(CompleteCommitmentNow, { userId, commitmentId: walk.id });
    await bed.ask(SkipCommitmentNow, { userId, commitmentId: journal.id });
    await bed.sql(`insert into "progress"."commitment_occurrences" ("user_id", "commitment_id", "due_at", "outcome") values ($1, $2, now() - interval '20 hours', 'MISSED')`, [userId, journal.id]);
    // Commitments, settled occurrences (the second walk was tomorrow's) and energy move into the past two days, as if they had happened then.
    await bed.sql(`update "progress"."commitment_occurrences" set "due_at" = "due_at" - interval '25 hours' where "user_id" = $1`, [userId]);
    await bed.sql(`update "progress"."commitments" set "created_at" = "created_at" - interval '25 hours' where "user_id" = $1`, [userId]);
    for (const [level, hoursAgo] of [
      [3, 40],
      [4, 30],
      [8, 2],
    ] as const) {
      const energy = await bed.ask(LogEnergyNow, { userId, level });
      await bed.sql(`update "progress"."energy_metrics" set "recorded_at" = now() - make_interval(hours => $2) where "id" = $1`, [energy.id, hoursAgo]);
    }
    return userId;
  }

  it('should write a report on demand from the period’s data, with a summary from the model, an embedding and an event', async () => {
    const userId = await userWithTwoDays();
    const report = await bed.ask(GenerateReportNow, { userId, type: 'TWO_DAY' });
    expect(report).toMatchObject({ userId, type: 'TWO_DAY', trigger: 'ON_DEMAND' });
    expect(new Date(report.periodEnd).getTime() - new Date(report.periodStart).getTime()).toBe(2 * 86_400_000);
    expect(report.payload.commitments).toMatchObject({ made: 2, due: 4, completed: 2, skipped: 1, missed: 1, rate: 0.67 });
    expect(report.payload.commitments.items.map((item) => [item.title, item.completed, item.missed])).toEqual([
      ['A 20-minute walk', 2, 0],
      ['Journal before bed', 0, 1],
    ]);
    expect(report.payload.energy).toMatchObject({ entries: 3, firstHalfAverage: 3.5, secondHalfAverage: 8, trend: 'RISING' });
    expect(report.payload.identities).toEqual([{ identityId: report.payload.goals[0]!.identityId, goals: 1, completed: 2, missed: 0 }]);
    // The offline model writes it from these figures.
    expect(report.summary).toContain('kept 2 of 4 check-ins (67%)');
    expect(report.summary).toContain('"A 20-minute walk" went best (2 done)');
    expect(report.summary).toContain('rising from 3.5 to 8');
    expect(await bed.sql(`select vector_dims("embedding") as "dims", "embedding_model" as "model" from "progress"."reports" where "id" = $1`, [report.id])).toEqual([
      { dims: 100, model: expect.any(String) },
    ]);
    await expectEventually(() => expect(generatedFor(bed, [userId]).map((generated) => generated.id)).toEqual([report.id]));

    // Once per user, type and period: asking again within the minute answers the same report.
    const again = await bed.ask(GenerateReportNow, { userId, type: 'TWO_DAY' });
    if (again.periodEnd === report.periodEnd) expect(again.id).toBe(report.id);
    expect(await bed.ask(GetReport, { userId, reportId: report.id })).toEqual(report);
    expect((await bed.ask(ListReports, { userId, type: 'TWO_DAY' })).items[0]).not.toHaveProperty('payload');
  });

  it('should count the notes that changed in the period and name the latest, a forgotten note without its text anywhere', async () => {
    const userId = await userWithTwoDays();
    const [kept, forgotten] = [randomUUID(), randomUUID()];
    const note = (id: string, text: string) => ({ ...NoteAdded.example.note, id, userId, note: text });
    await bed.client.publish(NoteAdded, { note: note(kept, 'Runs on Sundays') });
    await bed.client.publish(NoteAdded, { note: note(forgotten, 'Has a sister in Lyon') });
    await bed.client.publish(NoteUpdated, { note: note(kept, 'Runs 10 km on Sundays'), changedBy: 'USER' });
    await bed.client.publish(NoteDeleted, { userId, noteId: forgotten });
    await expectEventually(async () => expect(await bed.sql(`select count(*)::int as "count" from "progress"."note_changes" where "user_id" = $1`, [userId])).toEqual([{ count: 4 }]));

    const { payload } = await bed.ask(GenerateReportNow, { userId, type: 'TWO_DAY' });
    expect(payload.notes).toMatchObject({ added: 2, updated: 1, superseded: 0, deleted: 1 });
    expect(payload.notes!.items.map(({ noteId, change, note: text }) => [noteId, change, text])).toEqual([
      [forgotten, 'DELETED', null],
      [kept, 'UPDATED', 'Runs 10 km on Sundays'],
      [forgotten, 'ADDED', null],
      [kept, 'ADDED', 'Runs on Sundays'],
    ]);
    expect(await bed.sql(`select count(*)::int as "count" from "progress"."note_changes" where "note" like '%sister%'`)).toEqual([{ count: 0 }]);
  });

  it('should page reports with a cursor, newest first: each once at one microsecond; 400 for a bad cursor', async () => {
    const userId = await userWithTwoDays();
    for (const type of ['TWO_DAY', 'SEVEN_DAY', 'TWENTY_ONE_DAY'] as const) await bed.ask(GenerateReportNow, { userId, type });
    // Two ending at one instant, to the microsecond (a JS Date would lose it): the id breaks the tie.
    const [newest] = await bed.sql<{ id: string }>(`select "id" from "progress"."reports" where "user_id" = $1 order by "id" limit 1`, [userId]);
    await bed.sql(`update "progress"."reports" set "period_end" = '2026-11-30T11:00:00.654321Z' where "user_id" = $1 and "id" <> $2`, [userId, newest!.id]);
    const all = await bed.ask(ListReports, { userId });
    expect(all.items).toHaveLength(3);
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bed.ask(ListReports, { userId, limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((report) => report.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((report) => report.id));
    expect(await bed.ask(ListReports, { userId, cursor: 'nonsense' }).catch((error: unknown) => error)).toMatchObject({ status: 400, code: 'BAD_CURSOR' });
    // Version 1, for callers from before pages: the first page, no cursor.
    expect(await bed.ask(ListReportsV1, { userId, limit: 2 })).toEqual({ items: all.items.slice(0, 2) });
  });

  it('should answer 404 for another user’s report', async () => {
    const userId = await userWithTwoDays();
    const report = await bed.ask(GenerateReportNow, { userId, type: 'SEVEN_DAY' });
    const refused = await bed.ask(GetReport, { userId: randomUUID(), reportId: report.id }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QueryRejectedError);
    expect((refused as QueryRejectedError).status).toBe(404);
    expect((await bed.ask(ListReports, { userId: randomUUID() })).items).toEqual([]);
  });

  it('should write every due scheduled report exactly once with two replicas claiming side by side, and move each schedule on', async () => {
    const userIds = Array.from({ length: 15 }, () => randomUUID());
    for (const userId of userIds) await bed.ask(CreateCommitmentNow, { userId, title: 'Stretch', dueAt: inMinutes(60) });
    expect(await bed.sql(`select count(*)::int as "n" from "progress"."report_schedules" where "user_id" = any($1::uuid[])`, [userIds])).toEqual([{ n: 45 }]);
    const [{ boundary }] = (await bed.sql(`select date_trunc('hour', now()) - interval '1 hour' as "boundary"`)) as [{ boundary: Date }];
    await bed.sql(`update "progress"."report_schedules" set "next_run_at" = $2 where "user_id" = any($1::uuid[])`, [userIds, boundary]);

    await expectEventually(
      async () => {
        const rows = (await bed.sql(`select "user_id", "type", "period_end", "trigger" from "progress"."reports" where "user_id" = any($1::uuid[])`, [userIds])) as Array<{
          period_end: Date;
          trigger: string;
        }>;
        expect(rows).toHaveLength(45);
        expect(rows.every((row) => row.trigger === 'SCHEDULED' && new Date(row.period_end).getTime() === new Date(boundary).getTime())).toBe(true);
      },
      { timeoutMs: 60_000 },
    );
    const schedules = (await bed.sql(`select "type", "next_run_at", "leased_until" from "progress"."report_schedules" where "user_id" = any($1::uuid[])`, [userIds])) as Array<{
      type: string;
      next_run_at: Date;
      leased_until: Date | null;
    }>;
    const days = { TWO_DAY: 2, SEVEN_DAY: 7, TWENTY_ONE_DAY: 21 } as Record<string, number>;
    for (const schedule of schedules) {
      expect(new Date(schedule.next_run_at).getTime() - new Date(boundary).getTime()).toBe(days[schedule.type]! * 86_400_000);
      expect(schedule.leased_until).toBeNull();
    }
    await expectEventually(() => expect(generatedFor(bed, userIds)).toHaveLength(45));
  }, 90_000);

  it('should leave a schedule another replica holds until its lease runs out, then write it', async () => {
    const userId = randomUUID();
    await bed.ask(CreateCommitmentNow, { userId, title: 'Read ten pages', dueAt: inMinutes(60) });
    await bed.sql(`update "progress"."report_schedules" set "next_run_at" = now() - interval '1 minute', "leased_until" = now() + interval '1 hour' where "user_id" = $1 and "type" = 'TWO_DAY'`, [
      userId,
    ]);
    for (const replica of bed.replicas) await replica.reports.sweep();
    expect(await bed.sql(`select 1 from "progress"."reports" where "user_id" = $1`, [userId])).toEqual([]);
    await bed.sql(`update "progress"."report_schedules" set "leased_until" = now() - interval '1 second' where "user_id" = $1`, [userId]);
    await expectEventually(async () => expect(await bed.sql(`select "type" from "progress"."reports" where "user_id" = $1`, [userId])).toEqual([{ type: 'TWO_DAY' }]));
  });

  it('should find "energy is low on days after a missed commitment" with its evidence, and list it', async () => {
    const userId = randomUUID();
    const walk = await bed.ask(CreateCommitmentNow, { userId, title: 'A 20-minute walk', dueAt: inMinutes(60), schedule: 'DAILY' });
    // Missed 6 and 3 days ago; energy 3 and 2 the day after each, 7-8 on the other days.
    const missed = [];
    for (const daysAgo of [6, 3]) {
      const [row] = (await bed.sql(
        `insert into "progress"."commitment_occurrences" ("user_id", "commitment_id", "due_at", "outcome") values ($1, $2, now() - make_interval(days => $3), 'MISSED') returning "id"`,
        [userId, walk.id, daysAgo],
      )) as [{ id: string }];
      missed.push(row.id);
    }
    const lowIds = [];
    for (const [level, daysAgo] of [
      [3, 5],
      [2, 2],
      [7, 4],
      [8, 1],
    ] as const) {
      const energy = await bed.ask(LogEnergyNow, { userId, level });
      await bed.sql(`update "progress"."energy_metrics" set "recorded_at" = now() - make_interval(days => $2) where "id" = $1`, [energy.id, daysAgo]);
      if (level < 5) lowIds.push(energy.id);
    }
    await bed.ask(GenerateReportNow, { userId, type: 'SEVEN_DAY' });
    const { items } = await bed.ask(ListInsights, { userId });
    const insight = items.find((item) => item.kind === 'LOW_ENERGY_AFTER_MISSED');
    expect(insight).toMatchObject({ statement: expect.stringContaining('2.5 on average, against 7.5 on other days'), tags: ['energy', 'commitments'] });
    expect(insight!.evidence.occurrenceIds.sort()).toEqual(missed.sort());
    expect(insight!.evidence.energyIds.sort()).toEqual(lowIds.sort());
    await expectEventually(() => expect(bed.received.filter((envelope) => envelope.type === InsightFound.type && envelope.userId === userId)).toHaveLength(1));
    // Recounted with nothing new: still one insight, and no second event for the same statement.
    await bed.ask(GenerateReportNow, { userId, type: 'TWO_DAY' });
    expect((await bed.ask(ListInsights, { userId })).items.filter((item) => item.kind === 'LOW_ENERGY_AFTER_MISSED')).toHaveLength(1);
    expect(await bed.ask(ListInsights, { userId: randomUUID() })).toEqual({ items: [], nextCursor: null });
    // Bounded by its window: one page; version 1 answers the same items without a cursor.
    expect(await bed.ask(ListInsights, { userId })).toMatchObject({ nextCursor: null });
    expect(await bed.ask(ListInsightsV1, { userId })).toEqual({ items: (await bed.ask(ListInsights, { userId })).items });
  });
});
