import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import { MessageBus } from '@tandem/messaging';
import { Poller } from '@tandem/service';

import { PROGRESS_CONFIG, type ProgressConfig } from '../progress.config';
import { ReportRepository, type ClaimedReport } from './report.repository';
import { ReportService } from './report.service';

/**
 * Writes each user's 2-, 7- and 21-day reports when their period ends (a local midnight). Every
 * replica polls progress.report_schedules: a batch is claimed with FOR UPDATE SKIP LOCKED and
 * leased in a short transaction of its own, then each report is written (the model called with no
 * connection held) and its schedule moved on in the report's transaction. A replica that dies
 * mid-batch leaves leases that run out; the unique (user, type, period end) keeps a period from
 * being reported twice if a lease runs out while its report is still being written.
 */
@Injectable()
export class ReportScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReportScheduler.name);
  private readonly poller = new Poller(
    'report sweep',
    async () => {
      const written = await this.sweep();
      if (written) this.logger.log(`wrote ${written} reports`);
    },
    this.logger,
  );

  constructor(
    private readonly bus: MessageBus,
    private readonly reports: ReportRepository,
    private readonly service: ReportService,
    @Inject(PROGRESS_CONFIG) private readonly config: ProgressConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start(this.config.PROGRESS_REPORT_INTERVAL_MS, { immediately: true });
  }

  onModuleDestroy(): Promise<void> {
    return this.poller.stop();
  }

  /** Claims and writes batches until one comes back short; returns how many reports it wrote. */
  async sweep(): Promise<number> {
    let written = 0;
    for (;;) {
      const claimed = await this.bus.transaction((tx) => this.reports.claimDue(tx.em, this.config.PROGRESS_REPORT_BATCH, this.config.PROGRESS_REPORT_LEASE_SECONDS));
      written += await this.writeAll(claimed);
      if (claimed.length < this.config.PROGRESS_REPORT_BATCH || this.poller.stopped) return written;
    }
  }

  /** PROGRESS_REPORT_CONCURRENCY reports at a time; one that fails keeps its lease and is tried again when it runs out. */
  private async writeAll(claimed: ClaimedReport[]): Promise<number> {
    let next = 0;
    let written = 0;
    const worker = async () => {
      while (next < claimed.length && !this.poller.stopped) {
        const claim = claimed[next++]!;
        try {
          const { created } = await this.service.generate({
            userId: claim.user_id,
            type: claim.type,
            periodEnd: claim.period_end,
            trigger: 'SCHEDULED',
            testScenarioId: claim.test_scenario_id,
            claimed: claim,
          });
          if (created) written += 1;
        } catch (error) {
          this.logger.error(`report ${claim.type} of ${claim.user_id} failed: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.PROGRESS_REPORT_CONCURRENCY, claimed.length) }, worker));
    return written;
  }
}
