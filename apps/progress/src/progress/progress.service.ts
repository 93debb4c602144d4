import { Injectable } from '@nestjs/common';
import type { z } from 'zod';

import {
  CommitmentChanged,
  EnergyLogged,
  GoalChanged,
  UserErased,
  type CheckInSettingsView,
  type CommitmentView,
  type EmotionValence,
  type EnergyView,
  type GoalView,
  type MetricsView,
  type PayloadOf,
  type ReminderStatus,
  type ResponseOf,
  type GetGoal,
  type UpdateGoalNow,
  type commitmentInput,
  type goalInput,
} from '@tandem/contracts';
import { MessageBus, keysetAfter, pageOf, type Transaction } from '@tandem/messaging';

import { ReportRepository } from '../reports/report.repository';
import { completionWindow, streaks } from './consistency';
import { ProgressError } from './progress.errors';
import { ProgressRepository, toCommitmentView, type CommitmentRow } from './progress.repository';

type GoalInput = z.output<typeof goalInput>;
type CommitmentInput = z.output<typeof commitmentInput>;
type GoalChanges = Omit<PayloadOf<typeof UpdateGoalNow>, 'userId' | 'goalId'>;

/** A due time this far behind the clock still counts as now (a client's clock, a slow request). */
const PAST_TOLERANCE_MS = 60_000;

/**
 * Goals, commitments and energy. Every change runs in a transaction it is given (a durable
 * message's, or one of MessageBus.transaction for request/reply) and emits its event in it.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly bus: MessageBus,
    private readonly progress: ProgressRepository,
    private readonly reports: ReportRepository,
  ) {}

  async createGoal(tx: Transaction, userId: string, input: GoalInput, testScenarioId: string | null = null): Promise<GoalView> {
    const goal = await this.progress.createGoal(tx.em, { userId, ...input, testScenarioId });
    await this.reports.ensureSchedules(tx.em, userId, testScenarioId);
    tx.emit(GoalChanged, { goal }, { userId });
    return goal;
  }

  async updateGoal(tx: Transaction, userId: string, goalId: string, changes: GoalChanges): Promise<GoalView> {
    if (!(await this.progress.findGoal(tx.em, userId, goalId, true))) throw ProgressError.goalNotFound();
    await this.progress.updateGoal(tx.em, goalId, {
      title: changes.title,
      why: changes.why,
      identity_id: changes.identityId,
      life_area: changes.lifeArea,
      target_date: changes.targetDate,
      status: changes.status,
    });
    const goal = (await this.progress.findGoal(tx.em, userId, goalId))!;
    tx.emit(GoalChanged, { goal }, { userId });
    return goal;
  }

  /** A commitment due at dueAt (not in the past), and its first check-in. */
  async createCommitment(tx: Transaction, userId: string, input: CommitmentInput, testScenarioId: string | null = null): Promise<CommitmentView> {
    const dueAt = new Date(input.dueAt);
    if (dueAt.getTime() < Date.now() - PAST_TOLERANCE_MS) throw ProgressError.invalid('dueAt', 'must not be in the past');
    if (input.goalId && !(await this.progress.findGoal(tx.em, userId, input.goalId, true))) throw ProgressError.goalNotFound();
    const commitment = await this.progress.createCommitment(tx.em, { userId, goalId: input.goalId ?? null, title: input.title, dueAt, schedule: input.schedule, testScenarioId });
    await this.reports.ensureSchedules(tx.em, userId, testScenarioId);
    tx.emit(CommitmentChanged, { commitment, outcome: null, occurrenceDueAt: null }, { userId });
    return commitment;
  }

  /**
   * The user did (COMPLETED) or skipped (SKIPPED) the current occurrence. Its pending check-ins
   * are not sent; a ONCE commitment is final, a repeating one moves to its next due time.
   */
  async settle(tx: Transaction, userId: string, commitmentId: string, outcome: 'COMPLETED' | 'SKIPPED', note: string | null = null): Promise<CommitmentView> {
    const row = await this.progress.findCommitmentForUpdate(tx.em, userId, commitmentId);
    if (!row) throw ProgressError.commitmentNotFound();
    if (row.status === 'COMPLETED' || row.status === 'SKIPPED') throw ProgressError.alreadySettled(row.status);
    const occurrenceDueAt = row.due_at;
    await this.progress.settleOccurrence(tx.em, row, occurrenceDueAt, outcome, note);
    await this.progress.cancelReminders(tx.em, row.id, occurrenceDueAt);
    const now = new Date();
    const updated = await this.advance(tx, row, outcome, now);
    const commitment = toCommitmentView(updated);
    tx.emit(CommitmentChanged, { commitment, outcome, occurrenceDueAt: occurrenceDueAt.toISOString() }, { userId });
    return commitment;
  }

  /**
   * After an occurrence is settled: a ONCE commitment takes the outcome as its status (a MISSED one
   * stays PENDING, still open to a late answer); a repeating one is SCHEDULED at its next due time,
   * with that occurrence's check-in.
   */
  async advance(tx: Pick<Transaction, 'em'>, row: CommitmentRow, outcome: 'COMPLETED' | 'SKIPPED' | 'MISSED', now: Date, testScenarioId: string | null = null): Promise<CommitmentRow> {
    const completedAt = outcome === 'COMPLETED' ? now : undefined;
    if (row.schedule === 'ONCE') return this.progress.updateCommitment(tx.em, row.id, { status: outcome === 'MISSED' ? 'PENDING' : outcome, completedAt });
    const dueAt = await this.progress.nextDue(tx.em, row.user_id, row.due_at, row.schedule, new Date(Math.max(now.getTime(), row.due_at.getTime())));
    await this.progress.scheduleReminder(tx.em, row, 'DUE', dueAt, testScenarioId);
    return this.progress.updateCommitment(tx.em, row.id, { status: 'SCHEDULED', dueAt, completedAt });
  }

  /** When a commitment stated as "at HH:MM" is first due: the next such local time of the user. */
  nextLocalTime(tx: Pick<Transaction, 'em'>, userId: string, at: string): Promise<Date> {
    return this.progress.nextLocalTime(tx.em, userId, at);
  }

  async logEnergy(
    tx: Transaction,
    userId: string,
    level: number,
    source: 'USER' | 'INFERRED',
    note: string | null = null,
    testScenarioId: string | null = null,
    emotionValence: EmotionValence | null = null,
  ): Promise<EnergyView> {
    const energy = await this.progress.logEnergy(tx.em, userId, level, source, note, testScenarioId, emotionValence);
    await this.reports.ensureSchedules(tx.em, userId, testScenarioId);
    tx.emit(EnergyLogged, { energy }, { userId });
    return energy;
  }

  /** Erases every row of a deleted user and confirms with user.erased. */
  async erase(tx: Transaction, userId: string): Promise<number> {
    const erasedRows = await this.progress.deleteAllOf(tx.em, userId);
    tx.emit(UserErased, { userId, service: 'progress', erasedRows }, { userId });
    return erasedRows;
  }

  // Request/reply: the user's own changes through the gateway, each in a transaction of its own.

  createGoalNow(userId: string, input: GoalInput): Promise<GoalView> {
    return this.bus.transaction((tx) => this.createGoal(tx, userId, input), { userId });
  }

  updateGoalNow(userId: string, goalId: string, changes: GoalChanges): Promise<GoalView> {
    return this.bus.transaction((tx) => this.updateGoal(tx, userId, goalId, changes), { userId });
  }

  createCommitmentNow(userId: string, input: CommitmentInput): Promise<CommitmentView> {
    return this.bus.transaction((tx) => this.createCommitment(tx, userId, input), { userId });
  }

  settleNow(userId: string, commitmentId: string, outcome: 'COMPLETED' | 'SKIPPED', note?: string): Promise<CommitmentView> {
    return this.bus.transaction((tx) => this.settle(tx, userId, commitmentId, outcome, note ?? null), { userId });
  }

  logEnergyNow(userId: string, level: number, note?: string): Promise<EnergyView> {
    return this.bus.transaction((tx) => this.logEnergy(tx, userId, level, 'USER', note ?? null), { userId });
  }

  updateSettingsNow(userId: string, settings: CheckInSettingsView): Promise<CheckInSettingsView> {
    return this.bus.transaction(
      async (tx) => {
        await this.progress.saveSettings(tx.em, userId, settings);
        return settings;
      },
      { userId },
    );
  }

  // Reads

  /** A page of goals, oldest first (keyset on createdAt, id); every goal without a limit. */
  async listGoals(userId: string, status?: ReminderStatus, page: { cursor?: string; limit?: number } = {}): Promise<{ items: GoalView[]; nextCursor: string | null }> {
    const rows = await this.progress.listGoals(userId, status, { after: keysetAfter(page.cursor), limit: page.limit === undefined ? undefined : page.limit + 1 });
    return withoutKeys(page.limit === undefined ? { items: rows, nextCursor: null } : pageOf(rows, page.limit, (last) => ({ at: last.key, id: last.id })));
  }

  async getGoal(userId: string, goalId: string): Promise<ResponseOf<typeof GetGoal>> {
    const goal = await this.progress.findGoal(null, userId, goalId);
    if (!goal) throw ProgressError.goalNotFound();
    return { ...goal, commitments: (await this.listCommitments(userId, { goalId })).items };
  }

  /** A page of commitments, soonest due first (keyset on dueAt, id); every one without a limit. */
  async listCommitments(
    userId: string,
    filter: { goalId?: string; status?: ReminderStatus },
    page: { cursor?: string; limit?: number } = {},
  ): Promise<{ items: CommitmentView[]; nextCursor: string | null }> {
    const rows = await this.progress.listCommitments(userId, filter, { after: keysetAfter(page.cursor), limit: page.limit === undefined ? undefined : page.limit + 1 });
    return withoutKeys(page.limit === undefined ? { items: rows, nextCursor: null } : pageOf(rows, page.limit, (last) => ({ at: last.key, id: last.id })));
  }

  listEnergy(userId: string, days: number): Promise<EnergyView[]> {
    return this.progress.listEnergy(userId, days);
  }

  settings(userId: string): Promise<CheckInSettingsView> {
    return this.progress.settingsOf(userId);
  }

  async metrics(userId: string): Promise<MetricsView> {
    const [{ timeZone }, days, energy] = await Promise.all([this.progress.settingsOf(userId), this.progress.occurrenceDays(userId, 400), this.progress.energySummary(userId)]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    return { consistency: { last7: completionWindow(days, today, 7), last21: completionWindow(days, today, 21), ...streaks(days) }, energy };
  }
}

/** The rows' sort keys served the cursor; the views go out without them. */
function withoutKeys<T extends { key: string }>(page: { items: T[]; nextCursor: string | null }): { items: Array<Omit<T, 'key'>>; nextCursor: string | null } {
  return { items: page.items.map(({ key: _key, ...view }) => view), nextCursor: page.nextCursor };
}
