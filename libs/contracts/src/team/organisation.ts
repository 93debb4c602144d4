import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineEvent, defineQuery } from '../define';
import { exampleIncomingConnection, exampleSuggestion, incomingConnectionView, reasonType, suggestionView } from './suggestion';

const userId = z.uuid();
const owner = 'team-connections';
const exampleUserId = exampleSuggestion.userId;

export const ORGANISATION_ROLES = ['admin', 'member'] as const;
export const organisationRole = z.enum(ORGANISATION_ROLES);
export type OrganisationRole = z.infer<typeof organisationRole>;

/** How a person came to belong: founded it, an admin's invitation, a verified email domain, a test scenario. */
export const JOINED_VIA = ['founder', 'invitation', 'domain', 'scenario'] as const;
export const joinedVia = z.enum(JOINED_VIA);

export const organisationName = z.string().trim().min(1).max(255);
/** A DNS name in lower case: what an organisation claims as its work-email domain. */
export const emailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'must be a domain name such as example.com');
/** An invitation token as the admin received it (shown once; only its hash is stored). */
export const invitationToken = z.string().trim().min(20).max(200);

/** The caller's organisation as they see it. */
export const organisationView = z.object({
  id: z.uuid(),
  name: z.string(),
  role: organisationRole,
  joinedVia,
  memberCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type OrganisationView = z.infer<typeof organisationView>;

export const invitationView = z.object({
  id: z.uuid(),
  /** Shown once: give it to the person invited; it works once, until expiresAt. */
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});

export const domainView = z.object({
  domain: z.string(),
  claimedAt: z.iso.datetime({ offset: true }),
  /** Null until an operator verified the organisation controls the domain (docs/team-connections.md). */
  verifiedAt: z.iso.datetime({ offset: true }).nullable(),
});

const outcomeRow = z.object({
  suggested: z.number().int().nonnegative(),
  connected: z.number().int().nonnegative(),
  declined: z.number().int().nonnegative(),
  expired: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  /** Document 003's success rate: suggestions that became an accepted connection, of those no longer open. */
  successRate: z.number().min(0).max(1).nullable(),
});

export const organisationAnalytics = z.object({
  organisationId: z.uuid(),
  members: z.number().int().nonnegative(),
  total: outcomeRow,
  byReason: z.array(outcomeRow.extend({ reasonType })),
});
export type OrganisationAnalytics = z.infer<typeof organisationAnalytics>;

const exampleOrganisation: OrganisationView = {
  id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  name: 'Lion Software',
  role: 'admin',
  joinedVia: 'founder',
  memberCount: 10,
  createdAt: '2026-11-23T10:00:00.000Z',
};
const exampleDomain = { domain: 'lionsoftware.example', claimedAt: '2026-11-23T10:00:00.000Z', verifiedAt: null };
const exampleOutcomes = { suggested: 20, connected: 8, declined: 4, expired: 2, accepted: 6, successRate: 0.43 };

export const CreateOrganisation = defineQuery({
  type: 'team.organisation.create',
  version: 1,
  owner,
  description: 'Create an organisation; the caller becomes its admin (409 when they already belong to one).',
  payload: z.object({ userId, name: organisationName }),
  response: organisationView,
  example: { userId: exampleUserId, name: 'Lion Software' },
  exampleResponse: exampleOrganisation,
});

export const GetOrganisation = defineQuery({
  type: 'team.organisation.get',
  version: 1,
  owner,
  description: "The caller's organisation and role (404 when they belong to none).",
  payload: z.object({ userId }),
  response: organisationView,
  example: { userId: exampleUserId },
  exampleResponse: exampleOrganisation,
});

export const CreateInvitation = defineQuery({
  type: 'team.organisation.invite',
  version: 1,
  owner,
  description: 'An admin invites one person to their organisation: a single-use token that expires (403 for a member who is not an admin, 404 without an organisation).',
  payload: z.object({
    userId,
    expiresInHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
  }),
  response: invitationView,
  example: { userId: exampleUserId, expiresInHours: 72 },
  exampleResponse: { id: '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e', token: 'inv_6Q2mY1l0bq8pK3vXw9sZt4uR7eH5aN0c', expiresAt: '2026-11-26T10:00:00.000Z' },
});

export const JoinOrganisation = defineQuery({
  type: 'team.organisation.join',
  version: 1,
  owner,
  description: 'Join an organisation with an invitation token (400 naming `invitation` when it is unknown, expired or used; 409 when already in one).',
  payload: z.object({ userId, invitation: invitationToken }),
  response: organisationView,
  example: { userId: exampleUserId, invitation: 'inv_6Q2mY1l0bq8pK3vXw9sZt4uR7eH5aN0c' },
  exampleResponse: { ...exampleOrganisation, role: 'member', joinedVia: 'invitation' },
});

export const JoinOrganisationByDomain = defineQuery({
  type: 'team.organisation.join-by-domain',
  version: 1,
  owner,
  description: "Join the organisation that claimed and verified the domain of the account's email (the gateway sends it). 400 naming `email` when no organisation verified it.",
  payload: z.object({ userId, email: z.email() }),
  response: organisationView,
  example: { userId: exampleUserId, email: 'ada@lionsoftware.example' },
  exampleResponse: { ...exampleOrganisation, role: 'member', joinedVia: 'domain' },
});

export const ClaimDomain = defineQuery({
  type: 'team.organisation.domain.claim',
  version: 1,
  owner,
  description: 'An admin claims a work-email domain for their organisation; it admits no one until an operator verifies it (409 when another organisation claimed it).',
  payload: z.object({ userId, domain: emailDomain }),
  response: domainView,
  example: { userId: exampleUserId, domain: 'lionsoftware.example' },
  exampleResponse: exampleDomain,
});

export const ListDomains = defineQuery({
  type: 'team.organisation.domains',
  version: 2,
  owner,
  description: "The domains the caller's organisation claimed, verified or not (admins only), by name, a page at a time (keyset cursor on the domain).",
  payload: z.object({ userId, cursor: pageCursor.optional(), limit: z.number().int().min(1).max(100).default(100) }),
  response: pageOfItems(domainView),
  example: { userId: exampleUserId },
  exampleResponse: { items: [exampleDomain], nextCursor: null },
});

/** Version 1, before pages: every domain, no cursor. Still answered for callers from before version 2. */
export const ListDomainsV1 = defineQuery({
  type: 'team.organisation.domains',
  version: 1,
  owner,
  description: "The domains the caller's organisation claimed, verified or not (admins only). Superseded by version 2, which pages.",
  payload: z.object({ userId }),
  response: z.object({ items: z.array(domainView) }),
  example: { userId: exampleUserId },
  exampleResponse: { items: [exampleDomain] },
});

export const VerifyDomain = defineQuery({
  type: 'team.organisation.domain.verify',
  version: 1,
  owner,
  description: 'An operator (a Tandem admin, checked by the gateway) records that the claiming organisation controls the domain; userId is the operator. 404 when nobody claimed it.',
  payload: z.object({ userId, domain: emailDomain }),
  response: domainView.extend({ organisationId: z.uuid() }),
  example: { userId: exampleUserId, domain: 'lionsoftware.example' },
  exampleResponse: { ...exampleDomain, verifiedAt: '2026-11-23T11:00:00.000Z', organisationId: exampleOrganisation.id },
});

export const GetOrganisationAnalytics = defineQuery({
  type: 'team.organisation.analytics',
  version: 1,
  owner,
  description: "Success analytics of the caller's organisation's suggestions, by reason type (admins only: 403 for members).",
  payload: z.object({ userId }),
  response: organisationAnalytics,
  example: { userId: exampleUserId },
  exampleResponse: { organisationId: exampleOrganisation.id, members: 10, total: exampleOutcomes, byReason: [{ ...exampleOutcomes, reasonType: 'expertise_match' }] },
});

export const CONNECTION_ANSWERS = ['accept', 'decline'] as const;
export const connectionAnswer = z.enum(CONNECTION_ANSWERS);

export const AnswerConnectionRequest = defineQuery({
  type: 'team.connections.answer',
  version: 1,
  owner,
  description: 'The suggested colleague accepts or declines a request to connect (404 when it is not to them, 409 when already answered).',
  payload: z.object({ userId, suggestionId: z.uuid(), answer: connectionAnswer }),
  response: incomingConnectionView,
  example: { userId: exampleSuggestion.collaborator.userId, suggestionId: exampleSuggestion.id, answer: 'accept' },
  exampleResponse: { ...exampleIncomingConnection, status: 'accepted', answeredAt: '2026-11-23T11:00:00.000Z' },
});

export const blockView = z.object({ userId: z.uuid(), createdAt: z.iso.datetime({ offset: true }) });

export const BlockColleague = defineQuery({
  type: 'team.blocks.add',
  version: 1,
  owner,
  description: 'Block a colleague: neither is suggested to the other, and their requests no longer reach the caller (404 for someone not in the organisation).',
  payload: z.object({ userId, blockedUserId: z.uuid() }),
  response: blockView,
  example: { userId: exampleUserId, blockedUserId: exampleSuggestion.collaborator.userId },
  exampleResponse: { userId: exampleSuggestion.collaborator.userId, createdAt: '2026-11-23T11:00:00.000Z' },
});

export const UnblockColleague = defineQuery({
  type: 'team.blocks.remove',
  version: 1,
  owner,
  description: "Lift the caller's block of a colleague (404 when the caller has no such block).",
  payload: z.object({ userId, blockedUserId: z.uuid() }),
  response: z.object({ removed: z.literal(true) }),
  example: { userId: exampleUserId, blockedUserId: exampleSuggestion.collaborator.userId },
  exampleResponse: { removed: true },
});

export const ListBlocks = defineQuery({
  type: 'team.blocks.list',
  version: 2,
  owner,
  description: 'The colleagues the caller blocked (never who blocked the caller), newest first, a page at a time (keyset cursor).',
  payload: z.object({ userId, cursor: pageCursor.optional(), limit: z.number().int().min(1).max(500).default(500) }),
  response: pageOfItems(blockView),
  example: { userId: exampleUserId },
  exampleResponse: { items: [], nextCursor: null },
});

/** Version 1, before pages: the newest 500, no cursor. Still answered for callers from before version 2. */
export const ListBlocksV1 = defineQuery({
  type: 'team.blocks.list',
  version: 1,
  owner,
  description: 'The colleagues the caller blocked (never who blocked the caller). Superseded by version 2, which pages.',
  payload: z.object({ userId }),
  response: z.object({ items: z.array(blockView) }),
  example: { userId: exampleUserId },
  exampleResponse: { items: [] },
});
/** To the requestor: the colleague answered their request (accepted or declined). */
export const ConnectionAnswered = defineEvent({
  type: 'team.connection.answered',
  version: 1,
  owner,
  description: "The suggested colleague accepted or declined the user's request to connect; carries the suggestion as it is now (its `request`).",
  payload: z.object({ suggestion: suggestionView }),
  example: { suggestion: { ...exampleSuggestion, status: 'connected', respondedAt: '2026-11-23T10:05:00.000Z', request: 'accepted' } },
  notifiesUser: true,
});
