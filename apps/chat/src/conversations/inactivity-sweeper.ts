import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import { Poller } from '@tandem/service';

import { CHAT_CONFIG, type ChatConfig } from '../chat.config';
import { ConversationService } from './conversation.service';

/** Conversations ended per sweep at most; the rest wait for the next one. */
const BATCH = 100;

/**
 * Ends conversations idle for CHAT_SESSION_IDLE_MINUTES, checking every CHAT_SWEEP_INTERVAL_MS.
 * Each is claimed with FOR UPDATE SKIP LOCKED, so replicas sweep side by side without ending
 * one twice. Stops (after the sweep in hand) when the module is destroyed.
 */
@Injectable()
export class InactivitySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InactivitySweeper.name);
  private readonly poller = new Poller('inactivity sweep', () => this.sweep(), this.logger);

  constructor(
    private readonly conversations: ConversationService,
    @Inject(CHAT_CONFIG) private readonly config: ChatConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start(this.config.CHAT_SWEEP_INTERVAL_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.poller.stop();
  }

  /** Ends what is idle as of `now`; returns how many it ended. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.CHAT_SESSION_IDLE_MINUTES * 60_000);
    let ended = 0;
    while (ended < BATCH && (await this.conversations.endNextIdle(cutoff))) ended++;
    if (ended) this.logger.log(`ended ${ended} idle conversations`);
    return ended;
  }
}
