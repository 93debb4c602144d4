import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { IdentityChange, IdentityVersionView, IdentityView } from '@tandem/contracts';

interface VersionRow {
  identity_id: string;
  version: number;
  change: IdentityChange;
  snapshot: IdentityView;
  changed_at: Date;
}

const toVersionView = (row: VersionRow): IdentityVersionView => ({
  identityId: row.identity_id,
  version: row.version,
  change: row.change,
  changedAt: new Date(row.changed_at).toISOString(),
  identity: row.snapshot,
});

/** The only code that touches identity_versions: one row per change, the identity as it left it. */
@Injectable()
export class IdentityVersionRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Records the next version in the caller's transaction. Changes to an existing identity hold its
   * row lock (findOwnedForUpdate), so two changes never take the same number.
   */
  async record(em: EntityManager, identity: IdentityView, change: IdentityChange, testScenarioId: string | null): Promise<void> {
    await em.execute(
      `insert into "identities"."identity_versions" ("identity_id", "version", "user_id", "change", "snapshot", "changed_at", "test_scenario_id")
       select ?, coalesce(max("version"), 0) + 1, ?, ?, ?::jsonb, ?, ? from "identities"."identity_versions" where "identity_id" = ?`,
      [identity.id, identity.userId, change, JSON.stringify(identity), identity.updatedAt, testScenarioId, identity.id],
      'run',
    );
  }

  /** Versions after `after`, oldest first; `limit` of them, or all. */
  async history(userId: string, identityId: string, after = 0, limit?: number): Promise<IdentityVersionView[]> {
    const rows = await this.em
      .fork()
      .execute<VersionRow[]>(`select * from "identities"."identity_versions" where "identity_id" = ? and "user_id" = ? and "version" > ? order by "version"${limit === undefined ? '' : ' limit ?'}`, [
        identityId,
        userId,
        after,
        ...(limit === undefined ? [] : [limit]),
      ]);
    return rows.map(toVersionView);
  }

  /** The identity as it was at `at`: the last version changed at or before it; null before its first. */
  async asOf(userId: string, identityId: string, at: Date): Promise<IdentityView | null> {
    const [row] = await this.em
      .fork()
      .execute<VersionRow[]>(`select * from "identities"."identity_versions" where "identity_id" = ? and "user_id" = ? and "changed_at" <= ? order by "changed_at" desc, "version" desc limit 1`, [
        identityId,
        userId,
        at,
      ]);
    return row ? row.snapshot : null;
  }
}
