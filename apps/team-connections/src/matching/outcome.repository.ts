import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { textArrayLiteral } from './candidate.repository';
import { ALL, type OutcomeCounts, type OutcomeStats } from './learning';

export type Outcome = keyof OutcomeCounts;

/** The outcome counts matching learns from (team.outcome_counts), per organisation and pair feature. */
@Injectable()
export class OutcomeRepository {
  /**
   * The user's organisation and its outcome counts, in one round trip (matching runs it for every
   * request); null when the user belongs to no organisation.
   */
  async organisationOf(em: EntityManager, userId: string): Promise<{ organisationId: string; outcomes: OutcomeStats } | null> {
    const [row] = await em.execute<Array<{ organisation_id: string; outcomes: Array<OutcomeCounts & { feature: string }> }>>(
      `select m."organisation_id", coalesce((select jsonb_agg(jsonb_build_object('feature', c."feature", 'suggested', c."suggested", 'connected', c."connected",
            'declined', c."declined", 'accepted', c."accepted")) from "team"."outcome_counts" c where c."organisation_id" = m."organisation_id"), '[]') as "outcomes"
        from "team"."organisation_members" m where m."user_id" = ?`,
      [userId],
    );
    if (!row) return null;
    return { organisationId: row.organisation_id, outcomes: new Map(row.outcomes.map(({ feature, ...counts }) => [feature, counts])) };
  }

  /** Counts one outcome for each feature of a pair and for the organisation (`all`), in the caller's transaction. */
  async record(em: EntityManager, organisationId: string | null, features: readonly string[], outcome: Outcome): Promise<void> {
    if (!organisationId) return;
    const keys = [ALL, ...new Set(features)];
    await em.execute(
      `insert into "team"."outcome_counts" ("organisation_id", "feature", "${outcome}") select ?, unnest(?::text[]), 1
       on conflict ("organisation_id", "feature") do update set "${outcome}" = "team"."outcome_counts"."${outcome}" + 1`,
      [organisationId, textArrayLiteral(keys)],
      'run',
    );
  }
}
