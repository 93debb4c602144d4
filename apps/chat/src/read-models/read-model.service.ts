import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CoachStateView, CommitmentView, GoalView, IdentityView, InsightView, PayloadOf, ReportGenerated, TeamProfileSaved } from '@tandem/contracts';

import { coachingStateOf, type CoachingState } from './coaching-state';
import type { IdentitySnapshot } from './read-model.entities';
import { ProfileReadModelRepository, type UserProfileSnapshot } from './profile-read-model.repository';
import { ProgressReadModelRepository, type ProgressSnapshot } from './progress-read-model.repository';
import { ReadModelRepository } from './read-model.repository';
import { readParts, type ReadPart } from './read-part';

/** What chat knows of other services' data, kept from their events. */
@Injectable()
export class ReadModelService {
  constructor(
    private readonly readModels: ReadModelRepository,
    private readonly progress: ProgressReadModelRepository,
    private readonly profiles: ProfileReadModelRepository,
  ) {}

  applyCoachState(em: EntityManager, state: CoachStateView): Promise<void> {
    return this.readModels.upsertCoachContext(em, state);
  }

  applyIdentity(em: EntityManager, identity: IdentityView): Promise<void> {
    return this.readModels.upsertIdentity(em, identity);
  }

  async coachingStateOf(em: EntityManager, userId: string): Promise<CoachingState<IdentitySnapshot>> {
    const [state] = await readParts(em, [this.coachingStatePart(userId)]);
    return state;
  }

  /** What a turn's context reads of the read models, as parts of its one statement (readParts). */
  coachingStatePart(userId: string): ReadPart<CoachingState<IdentitySnapshot>> {
    const known = this.readModels.known(userId);
    return {
      ...known,
      read: (row) => {
        const { context, identities } = known.read(row);
        return coachingStateOf(context, identities);
      },
    };
  }

  progressPart(userId: string): ReadPart<ProgressSnapshot> {
    return this.progress.snapshot(userId);
  }

  profilePart(userId: string): ReadPart<UserProfileSnapshot> {
    return this.profiles.profile(userId);
  }

  applyCommitment(em: EntityManager, commitment: CommitmentView): Promise<void> {
    return this.progress.upsertCommitment(em, commitment);
  }

  applyGoal(em: EntityManager, goal: GoalView): Promise<void> {
    return this.progress.upsertGoal(em, goal);
  }

  applyTeamProfile(em: EntityManager, profile: PayloadOf<typeof TeamProfileSaved>): Promise<void> {
    return this.profiles.upsert(em, profile);
  }

  /** The user's name and AST strengths, as their team profile last said. */
  rememberAccountName(em: EntityManager, userId: string, name: string): Promise<void> {
    return this.profiles.rememberAccountName(em, userId, name);
  }

  applyReport(em: EntityManager, report: PayloadOf<typeof ReportGenerated>['report']): Promise<void> {
    return this.progress.upsertReport(em, report);
  }

  applyInsight(em: EntityManager, insight: InsightView): Promise<void> {
    return this.progress.upsertInsight(em, insight);
  }

  async erase(em: EntityManager, userId: string): Promise<number> {
    return (await this.readModels.deleteAllOf(em, userId)) + (await this.progress.deleteAllOf(em, userId)) + (await this.profiles.deleteAllOf(em, userId));
  }
}
