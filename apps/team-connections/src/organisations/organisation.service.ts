import { createHash, randomBytes } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';

import type { OrganisationAnalytics, OrganisationView, PayloadOf, ReasonType, VerifyDomain } from '@tandem/contracts';
import { decodeCursor, keysetAfter, pageOf } from '@tandem/messaging';

import { TEAM_CONFIG, type TeamConfig } from '../team.config';
import { TeamError, TeamErrorCode } from '../team.errors';
import { isUniqueViolation, OrganisationRepository, type DomainRow, type MembershipRow, type OutcomeTotalsRow } from './organisation.repository';

const iso = (value: Date | string) => new Date(value).toISOString();

/** Only the hash of an invitation token is stored: a database reader cannot use one. */
export const hashToken = (token: string) => createHash('sha256').update(token.trim()).digest('hex');

function toOrganisationView(row: MembershipRow): OrganisationView {
  return { id: row.organisation_id, name: row.name, role: row.role, joinedVia: row.joined_via, memberCount: Number(row.member_count), createdAt: iso(row.created_at) };
}

/** A page of domains ends at the last one's name. */
const domainCursor = z.object({ domain: z.string().min(1).max(255) });
const toDomainView = (row: DomainRow) => ({ domain: row.domain, claimedAt: iso(row.claimed_at), verifiedAt: row.verified_at === null ? null : iso(row.verified_at) });

function outcomes(row: Omit<OutcomeTotalsRow, 'reason_type'>) {
  const [suggested, connected, declined, expired, accepted] = [row.suggested, row.connected, row.declined, row.expired, row.accepted].map(Number) as [number, number, number, number, number];
  const closed = connected + declined + expired;
  return { suggested, connected, declined, expired, accepted, successRate: closed ? Math.round((accepted / closed) * 10_000) / 10_000 : null };
}

/**
 * Organisations: the boundary of matching. Membership comes only from an admin's invitation or a
 * verified work-email domain; a profile's typed company grants nothing.
 */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly em: EntityManager,
    private readonly organisations: OrganisationRepository,
    @Inject(TEAM_CONFIG) private readonly config: TeamConfig,
  ) {}

  async create(userId: string, name: string): Promise<OrganisationView> {
    await this.asNewMember(userId, async (em) => {
      const id = await this.organisations.createOrganisation(em, name, userId);
      await this.organisations.addMember(em, id, userId, 'admin', 'founder');
    });
    return this.get(userId);
  }

  async get(userId: string): Promise<OrganisationView> {
    const membership = await this.organisations.membershipOf(userId);
    if (!membership) throw TeamError.organisationNotFound();
    return toOrganisationView(membership);
  }

  async invite(userId: string, expiresInHours: number): Promise<{ id: string; token: string; expiresAt: string }> {
    const { organisation_id } = await this.adminOf(userId);
    const token = `inv_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + expiresInHours * 3_600_000);
    const id = await this.organisations.createInvitation(this.em.fork(), organisation_id, hashToken(token), userId, expiresAt);
    return { id, token, expiresAt: expiresAt.toISOString() };
  }

  /** Uses the invitation and adds the member in one transaction: a refused join leaves it unused. */
  async join(userId: string, invitation: string): Promise<OrganisationView> {
    const tokenHash = hashToken(invitation);
    await this.asNewMember(userId, async (em) => {
      const organisationId = await this.organisations.useInvitation(em, tokenHash, userId);
      if (!organisationId) throw await this.whyUnusable(em, tokenHash);
      await this.organisations.addMember(em, organisationId, userId, 'member', 'invitation');
    });
    return this.get(userId);
  }

  async joinByDomain(userId: string, email: string): Promise<OrganisationView> {
    if (!this.config.ORGANISATION_DOMAIN_JOIN) {
      throw new TeamError(TeamErrorCode.DOMAIN_JOIN_DISABLED, 'Joining by email domain is off here (account emails are not verified): ask your organisation admin for an invitation');
    }
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    await this.asNewMember(userId, async (em) => {
      const claimed = await this.organisations.findDomain(domain, em);
      if (!claimed?.verified_at) throw new TeamError(TeamErrorCode.DOMAIN_NOT_VERIFIED, `email: no organisation has verified the domain ${domain}`);
      await this.organisations.addMember(em, claimed.organisation_id, userId, 'member', 'domain');
    });
    return this.get(userId);
  }

  async claimDomain(userId: string, domain: string) {
    const { organisation_id } = await this.adminOf(userId);
    const row = await this.organisations.claimDomain(this.em.fork(), organisation_id, domain, userId);
    if (row.organisation_id !== organisation_id) throw new TeamError(TeamErrorCode.DOMAIN_TAKEN, `domain: ${domain} is claimed by another organisation`);
    return toDomainView(row);
  }

  /** A page of the organisation's domains by name (keyset on the domain); all of them without a `limit` (version 1 of the query). */
  async domains(userId: string, page: { cursor?: string; limit?: number } = {}) {
    const { organisation_id } = await this.adminOf(userId);
    const after = page.cursor === undefined ? undefined : decodeCursor(domainCursor, page.cursor).domain;
    const rows = await this.organisations.domainsOf(organisation_id, { after, limit: page.limit === undefined ? undefined : page.limit + 1 });
    const { items, nextCursor } = pageOf(rows, page.limit ?? rows.length, (last) => ({ domain: last.domain }));
    return { items: items.map(toDomainView), nextCursor };
  }

  /** An operator's check done (the gateway lets only Tandem admins ask): the domain now admits its people. */
  async verifyDomain({ userId, domain }: PayloadOf<typeof VerifyDomain>) {
    const row = await this.organisations.verifyDomain(this.em.fork(), domain, userId);
    if (!row) throw new TeamError(TeamErrorCode.DOMAIN_NOT_FOUND, `No organisation claimed ${domain}`);
    return { ...toDomainView(row), organisationId: row.organisation_id };
  }

  async analytics(userId: string): Promise<OrganisationAnalytics> {
    const membership = await this.adminOf(userId);
    const rows = await this.organisations.outcomeTotals(membership.organisation_id);
    const sum = (key: keyof Omit<OutcomeTotalsRow, 'reason_type'>) => rows.reduce((total, row) => total + Number(row[key]), 0);
    return {
      organisationId: membership.organisation_id,
      members: Number(membership.member_count),
      total: outcomes({ suggested: sum('suggested'), connected: sum('connected'), declined: sum('declined'), expired: sum('expired'), accepted: sum('accepted') }),
      byReason: rows.map((row) => ({ ...outcomes(row), reasonType: row.reason_type as ReasonType })),
    };
  }

  /** Blocks a colleague of the same organisation; anyone else is a 404, like a stranger. */
  async block(userId: string, blockedUserId: string): Promise<{ userId: string; createdAt: string }> {
    return this.em.fork().transactional(async (em) => {
      const membership = await this.organisations.membershipOf(userId, em);
      if (!membership || blockedUserId === userId || !(await this.organisations.isMember(em, membership.organisation_id, blockedUserId))) throw TeamError.colleagueNotFound();
      return { userId: blockedUserId, createdAt: (await this.organisations.block(em, userId, blockedUserId)).toISOString() };
    });
  }

  async unblock(userId: string, blockedUserId: string): Promise<{ removed: true }> {
    if (!(await this.organisations.unblock(this.em.fork(), userId, blockedUserId))) throw new TeamError(TeamErrorCode.BLOCK_NOT_FOUND, 'You have not blocked this person');
    return { removed: true };
  }

  /** A page of the caller's blocks, newest first (keyset on created_at, blocked id). */
  async blocks(userId: string, page: { cursor?: string; limit?: number } = {}) {
    const limit = page.limit ?? 500;
    const rows = await this.organisations.blocksBy(userId, { after: keysetAfter(page.cursor), limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, (last) => ({ at: last.key, id: last.blocked_id }));
    return { items: items.map((row) => ({ userId: row.blocked_id, createdAt: iso(row.created_at) })), nextCursor };
  }

  /** The caller's membership when they are an admin: 404 without an organisation, 403 as a member. */
  private async adminOf(userId: string): Promise<MembershipRow> {
    const membership = await this.organisations.membershipOf(userId);
    if (!membership) throw TeamError.organisationNotFound();
    if (membership.role !== 'admin') throw TeamError.notAdmin();
    return membership;
  }

  /** Runs a join in a transaction; a second membership (the primary key) is a 409. */
  private async asNewMember(userId: string, join: (em: EntityManager) => Promise<void>): Promise<void> {
    try {
      await this.em.fork().transactional(join);
    } catch (error) {
      if (isUniqueViolation(error)) throw new TeamError(TeamErrorCode.ALREADY_MEMBER, 'You already belong to an organisation');
      throw error;
    }
  }

  private async whyUnusable(em: EntityManager, tokenHash: string): Promise<TeamError> {
    const invitation = await this.organisations.findInvitation(em, tokenHash);
    const why = !invitation ? 'is not a valid invitation' : invitation.used_by ? 'has already been used' : 'has expired';
    return new TeamError(TeamErrorCode.INVALID_INVITATION, `invitation: this invitation ${why}`);
  }
}
