import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import { CheckInDue, CommitmentChanged } from '@tandem/contracts';
import { MessageBus, type Transaction } from '@tandem/messaging';
import { Poller } from '@tandem/service';

import { PROGRESS_CONFIG, type ProgressConfig } from '../progress.config';
import { ProgressRepository, toCommitmentView, type CommitmentRow } from '../progress/progress.repository';
import { ProgressService } from '../progress/progress.service';
import { checkInMessage, needsGentleNudge } from './check-in-message';
import { CheckInRepository, type ClaimedReminder } from './check-in.repository';

/**
 * Sends check-ins when commitments fall due or are missed. NATS has no scheduled delivery, so the
 * schedule lives in PostgreSQL (progress.reminder_schedules) and every replica polls it: each
 * batch is claimed with FOR UPDATE SKIP LOCKED and, in the same transaction, the reminders are
 * marked sent and their check-in.due events written to the outbox. A crash before the commit
 * leaves the reminders as they were (taken again by whichever replica comes next); after it,
 * the outbox relay owes the events. So a check-in is sent once, whatever restarts or replicas.
 */
@Injectable()
export class CheckInScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CheckInScheduler.name);
  private readonly poller = new Poller(
    'check-in sweep',
    async () => {
      const handled = await this.sweep();
      if (handled) this.logger.log(`handled ${handled} reminders`);
    },
    this.logger,
  );

  constructor(
    private readonly bus: MessageBus,
    private readonly checkIns: CheckInRepository,
    private readonly progress: ProgressRepository,
    private readonly service: ProgressService,
    @Inject(PROGRESS_CONFIG) private readonly config: ProgressConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start(this.config.PROGRESS_SCHEDULER_INTERVAL_MS, { immediately: true });
  }

  onModuleDestroy(): Promise<void> {
    return this.poller.stop();
  }

  /** Claims batches until one comes back short; returns how many reminders it handled. */
  async sweep(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.bus.transaction((tx) => this.runBatch(tx));
      handled += batch;
      if (batch < this.config.PROGRESS_SCHEDULER_BATCH || this.poller.stopped) return handled;
    }
  }

  private async runBatch(tx: Transaction): Promise<number> {
    const claimed = await this.checkIns.claimDue(tx.em, this.config.PROGRESS_SCHEDULER_BATCH);
    const quiet = claimed.filter((reminder) => reminder.quiet_until);
    await this.checkIns.defer(tx.em, quiet);
    const awake = claimed.filter((reminder) => !reminder.quiet_until);
    // Still current: the commitment is open and this is the occurrence it waits on (not settled meanwhile).
    const current = (reminder: ClaimedReminder) =>
      reminder.commitment_status !== 'COMPLETED' && reminder.commitment_status !== 'SKIPPED' && new Date(reminder.commitment_due_at).getTime() === new Date(reminder.occurrence_due_at).getTime();
    await this.checkIns.markSkipped(
      tx.em,
      awake.filter((reminder) => !current(reminder)).map((reminder) => reminder.id),
    );
    const due = awake.filter((reminder) => current(reminder) && reminder.reason === 'DUE');
    for (const reminder of due) this.emitCheckIn(tx, reminder);
    await this.checkIns.markSent(
      tx.em,
      due.map((reminder) => reminder.id),
    );
    await this.checkIns.awaitAnswer(
      tx.em,
      due.map((reminder) => reminder.id),
      this.config.PROGRESS_MISSED_AFTER_MINUTES,
    );
    for (const reminder of awake.filter((reminder) => current(reminder) && reminder.reason === 'MISSED')) await this.missed(tx, reminder);
    return claimed.length;
  }

  /** No answer came: the occurrence is MISSED, the commitment moves on, and the coach checks in gently. */
  private async missed(tx: Transaction, reminder: ClaimedReminder): Promise<void> {
    const row: CommitmentRow = (await this.progress.findCommitmentForUpdate(tx.em, reminder.user_id, reminder.commitment_id))!;
    await this.progress.settleOccurrence(tx.em, row, row.due_at, 'MISSED', null);
    const updated = await this.service.advance(tx, row, 'MISSED', new Date(), reminder.test_scenario_id);
    this.emitCheckIn(tx, reminder);
    await this.checkIns.markSent(tx.em, [reminder.id]);
    tx.emit(CommitmentChanged, { commitment: toCommitmentView(updated), outcome: 'MISSED', occurrenceDueAt: row.due_at.toISOString() }, { userId: reminder.user_id });
  }

  private emitCheckIn(tx: Transaction, reminder: ClaimedReminder): void {
    const occurrenceDueAt = new Date(reminder.occurrence_due_at);
    const latestEnergy = reminder.latest_energy === null ? null : Number(reminder.latest_energy);
    const lowEnergy = latestEnergy !== null && latestEnergy <= this.config.PROGRESS_LOW_ENERGY;
    const state = {
      // The occurrence a MISSED check-in is about was read before it was recorded: it counts.
      recentMisses: Number(reminder.recent_misses) + (reminder.reason === 'MISSED' ? 1 : 0),
      latestEnergy,
      recentNegativeEmotions: Number(reminder.recent_negative_emotions),
    };
    const gentle = needsGentleNudge(state, this.config.PROGRESS_LOW_ENERGY);
    tx.emit(
      CheckInDue,
      {
        // The reminder's id: one per occurrence and reason, so a check-in has one id wherever it travels.
        checkInId: reminder.id,
        userId: reminder.user_id,
        commitmentId: reminder.commitment_id,
        commitmentTitle: reminder.title,
        reason: reminder.reason,
        occurrenceDueAt: occurrenceDueAt.toISOString(),
        message: checkInMessage({ title: reminder.title, reason: reminder.reason, occurrenceDueAt, timeZone: reminder.time_zone, lowEnergy, gentle }),
      },
      { userId: reminder.user_id, testScenarioId: reminder.test_scenario_id },
    );
  }
}
