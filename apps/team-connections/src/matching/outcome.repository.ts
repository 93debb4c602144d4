import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { textArrayLiteral } from './candidate.repository';
import { ALL, type OutcomeCounts, type OutcomeStats } from './learning';

export type Outcome = keyof OutcomeCounts;

/** The outcome counts matching learns from (team.outcome_counts), per organisation and pair feature. */
@Injectable()
export class OutcomeRepository {
  async statsOf(em: EntityManager, organisationId: string): Promise<OutcomeStats> {
    const rows = await em.execute<Array<OutcomeCounts & { feature: string }>>(
      `select "feature", "suggested", "connected", "declined", "accepted" from "team"."outcome_counts" where "organisation_id" = ?`,
      [organisationId],
    );
    return new Map(rows.map(({ feature, ...counts }) => [feature, counts]));
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
