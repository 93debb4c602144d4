import { randomUUID } from 'node:crypto';

import { EntityManager, UniqueConstraintViolationException, type QueryResult } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { OrganisationRole } from '@tandem/contracts';
import type { KeysetCursor } from '@tandem/messaging';

export type JoinedVia = 'founder' | 'invitation' | 'domain' | 'scenario';

export interface MembershipRow {
  organisation_id: string;
  name: string;
  role: OrganisationRole;
  joined_via: JoinedVia;
  created_at: Date | string;
  member_count: number | string;
}

export interface DomainRow {
  domain: string;
  organisation_id: string;
  claimed_at: Date | string;
  verified_at: Date | string | null;
}

export interface InvitationRow {
  organisation_id: string;
  expires_at: Date | string;
  used_by: string | null;
}

export interface OutcomeTotalsRow {
  reason_type: string;
  suggested: number | string;
  connected: number | string;
  declined: number | string;
  expired: number | string;
  accepted: number | string;
}

/** Postgres' unique violation: a second membership, a domain another organisation claimed. */
export const isUniqueViolation = (error: unknown) => error instanceof UniqueConstraintViolationException || (error as { code?: string }).code === '23505';

/**
 * The only code that touches the organisation tables. Writes take the caller's EntityManager (a
 * transaction's); reads without one use a fresh context.
 */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The user's organisation, role and member count; null when they belong to none. */
  async membershipOf(userId: string, em: EntityManager = this.em.fork()): Promise<MembershipRow | null> {
    const [row] = await em.execute<MembershipRow[]>(
      `select m."organisation_id", o."name", m."role", m."joined_via", o."created_at",
          (select count(*) from "team"."organisation_members" c where c."organisation_id" = m."organisation_id") as "member_count"
        from "team"."organisation_members" m join "team"."organisations" o on o."id" = m."organisation_id" where m."user_id" = ?`,
      [userId],
    );
    return row ?? null;
  }

  async createOrganisation(em: EntityManager, name: string, createdBy: string | null, testScenarioId: string | null = null): Promise<string> {
    const id = randomUUID();
    await em.execute(`insert into "team"."organisations" ("id", "name", "created_by", "test_scenario_id") values (?, ?, ?, ?)`, [id, name, createdBy, testScenarioId], 'run');
    return id;
  }

  /** A scenario's organisation for a company, made by whichever of its accounts applies first. */
  async scenarioOrganisation(em: EntityManager, name: string, testScenarioId: string): Promise<string> {
    await em.execute(
      `insert into "team"."organisations" ("id", "name", "test_scenario_id") values (?, ?, ?) on conflict ("test_scenario_id", "name") where "test_scenario_id" is not null do nothing`,
      [randomUUID(), name, testScenarioId],
      'run',
    );
    const [row] = await em.execute<Array<{ id: string }>>(`select "id" from "team"."organisations" where "test_scenario_id" = ? and "name" = ?`, [testScenarioId, name]);
    return row!.id;
  }

  /** Throws a unique violation when the user already belongs to an organisation. */
  async addMember(em: EntityManager, organisationId: string, userId: string, role: OrganisationRole, joinedVia: JoinedVia, testScenarioId: string | null = null): Promise<void> {
    await em.execute(
      `insert into "team"."organisation_members" ("user_id", "organisation_id", "role", "joined_via", "test_scenario_id") values (?, ?, ?, ?, ?)`,
      [userId, organisationId, role, joinedVia, testScenarioId],
      'run',
    );
  }

  async createInvitation(em: EntityManager, organisationId: string, tokenHash: string, createdBy: string, expiresAt: Date): Promise<string> {
    const id = randomUUID();
    await em.execute(
      `insert into "team"."organisation_invitations" ("id", "organisation_id", "token_hash", "created_by", "expires_at") values (?, ?, ?, ?, ?)`,
      [id, organisationId, tokenHash, createdBy, expiresAt],
      'run',
    );
    return id;
  }

  /** Marks the invitation used by this user in one statement, so it works once; null when unknown, used or expired. */
  async useInvitation(em: EntityManager, tokenHash: string, userId: string): Promise<string | null> {
    const [row] = await em.execute<Array<{ organisation_id: string }>>(
      `update "team"."organisation_invitations" set "used_by" = ?, "used_at" = now()
       where "token_hash" = ? and "used_by" is null and "expires_at" > now() returning "organisation_id"`,
      [userId, tokenHash],
    );
    return row?.organisation_id ?? null;
  }

  async findInvitation(em: EntityManager, tokenHash: string): Promise<InvitationRow | null> {
    const [row] = await em.execute<InvitationRow[]>(`select "organisation_id", "expires_at", "used_by" from "team"."organisation_invitations" where "token_hash" = ?`, [tokenHash]);
    return row ?? null;
  }

  async claimDomain(em: EntityManager, organisationId: string, domain: string, claimedBy: string): Promise<DomainRow> {
    await em.execute(
      `insert into "team"."organisation_domains" ("domain", "organisation_id", "claimed_by") values (?, ?, ?) on conflict ("domain") do nothing`,
      [domain, organisationId, claimedBy],
      'run',
    );
    return (await this.findDomain(domain, em))!;
  }

  async findDomain(domain: string, em: EntityManager = this.em.fork()): Promise<DomainRow | null> {
    const [row] = await em.execute<DomainRow[]>(`select "domain", "organisation_id", "claimed_at", "verified_at" from "team"."organisation_domains" where "domain" = ?`, [domain]);
    return row ?? null;
  }

  /** By name, after `after` (a domain); all of them without a `limit`. */
  domainsOf(organisationId: string, { after, limit }: { after?: string; limit?: number } = {}): Promise<DomainRow[]> {
    const params: unknown[] = after === undefined ? [organisationId] : [organisationId, after];
    return this.em
      .fork()
      .execute<DomainRow[]>(
        `select "domain", "organisation_id", "claimed_at", "verified_at" from "team"."organisation_domains" where "organisation_id" = ?${after === undefined ? '' : ' and "domain" > ?'} order by "domain"${limit === undefined ? '' : ' limit ?'}`,
        limit === undefined ? params : [...params, limit],
      );
  }

  async verifyDomain(em: EntityManager, domain: string, operatorId: string): Promise<DomainRow | null> {
    const [row] = await em.execute<DomainRow[]>(
      `update "team"."organisation_domains" set "verified_at" = coalesce("verified_at", now()), "verified_by" = coalesce("verified_by", ?) where "domain" = ?
       returning "domain", "organisation_id", "claimed_at", "verified_at"`,
      [operatorId, domain],
    );
    return row ?? null;
  }

  /** Suggestions made in the organisation, by reason type and status, and how many were accepted. */
  outcomeTotals(organisationId: string): Promise<OutcomeTotalsRow[]> {
    return this.em.fork().execute<OutcomeTotalsRow[]>(
      `select "reason_type", count(*) as "suggested",
          count(*) filter (where "status" = 'connected') as "connected",
          count(*) filter (where "status" = 'declined') as "declined",
          count(*) filter (where "status" = 'expired') as "expired",
          count(*) filter (where "request_status" = 'accepted') as "accepted"
        from "team"."connection_suggestions" where "organisation_id" = ? group by "reason_type" order by "reason_type"`,
      [organisationId],
    );
  }

  /** Is `userId` a member of this organisation? */
  async isMember(em: EntityManager, organisationId: string, userId: string): Promise<boolean> {
    const rows = await em.execute(`select 1 from "team"."organisation_members" where "organisation_id" = ? and "user_id" = ?`, [organisationId, userId]);
    return rows.length > 0;
  }

  async block(em: EntityManager, blockerId: string, blockedId: string): Promise<Date> {
    await em.execute(`insert into "team"."blocks" ("blocker_id", "blocked_id") values (?, ?) on conflict do nothing`, [blockerId, blockedId], 'run');
    const [row] = await em.execute<Array<{ created_at: Date }>>(`select "created_at" from "team"."blocks" where "blocker_id" = ? and "blocked_id" = ?`, [blockerId, blockedId]);
    return new Date(row!.created_at);
  }

  async unblock(em: EntityManager, blockerId: string, blockedId: string): Promise<boolean> {
    const result = await em.execute<QueryResult>(`delete from "team"."blocks" where "blocker_id" = ? and "blocked_id" = ?`, [blockerId, blockedId], 'run');
    return result.affectedRows > 0;
  }

  /** Newest first, then by the blocked person; `limit` after `after`, each with its time to the microsecond (`key`) for the next cursor. */
  blocksBy(blockerId: string, { after, limit = 500 }: { after?: KeysetCursor; limit?: number } = {}): Promise<Array<{ blocked_id: string; created_at: Date; key: string }>> {
    const [filter, params] = after ? [' and ("created_at", "blocked_id") < (?::timestamptz, ?::uuid)', [blockerId, after.at, after.id]] : ['', [blockerId]];
    return this.em
      .fork()
      .execute(
        `select "blocked_id", "created_at", to_char("created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "key" from "team"."blocks" where "blocker_id" = ?${filter} order by "created_at" desc, "blocked_id" desc limit ?`,
        [...params, limit],
      );
  }

  /** Whether either of the two blocks the other. */
  async eitherBlocks(em: EntityManager, a: string, b: string): Promise<boolean> {
    const rows = await em.execute(`select 1 from "team"."blocks" where ("blocker_id" = ? and "blocked_id" = ?) or ("blocker_id" = ? and "blocked_id" = ?)`, [a, b, b, a]);
    return rows.length > 0;
  }

  /**
   * Erasure: the user's membership, blocks either way, invitations they made or used; an
   * organisation left without members goes too (with its domains, invitations, counts).
   */
  async deleteAllOf(em: EntityManager, userId: string): Promise<number> {
    const [membership] = await em.execute<Array<{ organisation_id: string }>>(`delete from "team"."organisation_members" where "user_id" = ? returning "organisation_id"`, [userId]);
    let rows = membership ? 1 : 0;
    rows += (await em.execute<QueryResult>(`delete from "team"."blocks" where "blocker_id" = ? or "blocked_id" = ?`, [userId, userId], 'run')).affectedRows;
    rows += (await em.execute<QueryResult>(`delete from "team"."organisation_invitations" where "created_by" = ? or "used_by" = ?`, [userId, userId], 'run')).affectedRows;
    await em.execute(`update "team"."organisation_domains" set "claimed_by" = null where "claimed_by" = ?`, [userId], 'run');
    await em.execute(`update "team"."organisations" set "created_by" = null where "created_by" = ?`, [userId], 'run');
    if (membership) {
      rows += (
        await em.execute<QueryResult>(
          `delete from "team"."organisations" o where o."id" = ? and not exists (select 1 from "team"."organisation_members" m where m."organisation_id" = o."id")`,
          [membership.organisation_id],
          'run',
        )
      ).affectedRows;
    }
    return rows;
  }

  /** A test scenario's organisations and memberships. */
  async deleteScenario(em: EntityManager, testScenarioId: string): Promise<number> {
    const members = await em.execute<QueryResult>(`delete from "team"."organisation_members" where "test_scenario_id" = ?`, [testScenarioId], 'run');
    const organisations = await em.execute<QueryResult>(`delete from "team"."organisations" where "test_scenario_id" = ?`, [testScenarioId], 'run');
    return members.affectedRows + organisations.affectedRows;
  }
}
