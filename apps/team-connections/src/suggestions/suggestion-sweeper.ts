import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

import { Poller } from '@tandem/service';

import { warmUp, EMBEDDINGS, type ModelEmbeddings } from '../embeddings/embeddings.provider';
import { TeamProfileService } from '../profiles/team-profile.service';
import { TEAM_CONFIG, type TeamConfig } from '../team.config';
import { SuggestionService } from './suggestion.service';

/**
 * Each replica's timer: expire overdue suggestions, delete closed ones past retention, re-embed
 * profiles of an older model. Every step is safe to run on several replicas at once.
 */
@Injectable()
export class SuggestionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SuggestionSweeper');
  private readonly poller = new Poller('suggestion sweep', () => this.pass(), this.logger);

  constructor(
    private readonly suggestions: SuggestionService,
    private readonly profiles: TeamProfileService,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
    @Inject(TEAM_CONFIG) private readonly config: TeamConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await warmUp(this.embeddings);
    if (!(await this.profiles.ensureVectorIndex())) this.logger.warn(`no HNSW index for ${this.embeddings.embeddingModelInfo.dimensions} dimensions: matching scans exactly`);
    this.poller.start(this.config.EXPIRY_SWEEP_INTERVAL_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  /** One pass now, or the one already running. */
  sweep(): Promise<void> {
    return this.poller.run();
  }

  private async pass(): Promise<void> {
    const expired = await this.suggestions.expireDue();
    const purged = await this.suggestions.purgeClosed();
    while ((await this.profiles.reembedStale()) > 0);
    if (expired || purged) this.logger.log(`expired ${expired} suggestions, deleted ${purged} past retention`);
  }
}
