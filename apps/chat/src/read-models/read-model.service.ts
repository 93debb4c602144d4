import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CoachStateView, CommitmentView, IdentityView, InsightView, PayloadOf, ReportGenerated } from '@tandem/contracts';

import { coachingStateOf, type CoachingState } from './coaching-state';
import type { IdentitySnapshot } from './read-model.entities';
import { ProgressReadModelRepository, type ProgressSnapshot } from './progress-read-model.repository';
import { ReadModelRepository } from './read-model.repository';

/** What chat knows of other services' data, kept from their events. */
@Injectable()
export class ReadModelService {
  constructor(
    private readonly readModels: ReadModelRepository,
    private readonly progress: ProgressReadModelRepository,
  ) {}

  applyCoachState(em: EntityManager, state: CoachStateView): Promise<void> {
    return this.readModels.upsertCoachContext(em, state);
  }

  applyIdentity(em: EntityManager, identity: IdentityView): Promise<void> {
    return this.readModels.upsertIdentity(em, identity);
  }

  async coachingStateOf(em: EntityManager, userId: string): Promise<CoachingState<IdentitySnapshot>> {
    const [context, identities] = await Promise.all([this.readModels.coachContextOf(em, userId), this.readModels.identitiesOf(em, userId)]);
    return coachingStateOf(context, identities);
  }

  applyCommitment(em: EntityManager, commitment: CommitmentView): Promise<void> {
    return this.progress.upsertCommitment(em, commitment);
  }

  applyReport(em: EntityManager, report: PayloadOf<typeof ReportGenerated>['report']): Promise<void> {
    return this.progress.upsertReport(em, report);
  }

  applyInsight(em: EntityManager, insight: InsightView): Promise<void> {
    return this.progress.upsertInsight(em, insight);
  }

  /** Open commitments, the latest report and the insights, for the coach's context. */
  progressOf(em: EntityManager, userId: string): Promise<ProgressSnapshot> {
    return this.progress.snapshotOf(em, userId);
  }

  async erase(em: EntityManager, userId: string): Promise<number> {
    return (await this.readModels.deleteAllOf(em, userId)) + (await this.progress.deleteAllOf(em, userId));
  }
}
