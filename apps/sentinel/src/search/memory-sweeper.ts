import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

import { Poller } from '@tandem/service';

import { RetentionService } from '../retention/retention.service';
import { SENTINEL_CONFIG, type SentinelConfig } from '../sentinel.config';
import { DedicatedIndexRepository, VECTOR_TABLES } from './dedicated-index.repository';

/**
 * Each replica's timer: deletes memories past their class's retention, builds a dedicated HNSW
 * index for users whose rows outgrew an exact scan, drops those no longer needed. Safe on several replicas: a build is claimed by a row first.
 */
@Injectable()
export class MemorySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MemorySweeper.name);
  private readonly poller = new Poller('memory sweep', () => this.pass(), this.logger);

  constructor(
    private readonly indexes: DedicatedIndexRepository,
    private readonly retention: RetentionService,
    @Inject(SENTINEL_CONFIG) private readonly config: SentinelConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start(this.config.SENTINEL_SWEEP_INTERVAL_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  /** One pass now, or the one already running. */
  sweep(): Promise<void> {
    return this.poller.run();
  }

  private async pass(): Promise<void> {
    const expired = await this.retention.sweep();
    if (expired) this.logger.log(`deleted ${expired} memories past their retention`);
    const minRows = this.config.SENTINEL_DEDICATED_INDEX_MIN_ROWS;
    for (const table of VECTOR_TABLES) {
      for (const { userId, rows } of await this.indexes.wanted(table, minRows)) {
        const started = Date.now();
        if (await this.indexes.build(userId, table, rows)) this.logger.log(`dedicated ${table} index for a user of ${rows} rows built in ${Date.now() - started} ms`);
      }
    }
    const dropped = await this.indexes.dropUnneeded(minRows);
    if (dropped) this.logger.log(`dropped ${dropped} dedicated indexes no longer needed`);
  }
}
