import { z } from 'zod';

import { colleagueCard, exampleTeamProfile, type ColleagueCard } from './team-profile';

export const REASON_TYPES = ['complementary_strengths', 'expertise_match', 'similar_challenge'] as const;
export const reasonType = z.enum(REASON_TYPES);
export type ReasonType = z.infer<typeof reasonType>;

/** suggested -> viewed -> connected | declined; suggested or viewed -> expired after the configured time. */
export const SUGGESTION_STATUSES = ['suggested', 'viewed', 'connected', 'declined', 'expired'] as const;
export const suggestionStatus = z.enum(SUGGESTION_STATUSES);
export type SuggestionStatus = z.infer<typeof suggestionStatus>;

/** What the person asking for help answers to a suggestion. */
export const SUGGESTION_RESPONSES = ['view', 'connect', 'decline'] as const;
export const suggestionResponse = z.enum(SUGGESTION_RESPONSES);
export type SuggestionResponse = z.infer<typeof suggestionResponse>;

/** After the requestor connects, the colleague's answer: pending until they accept or decline. */
export const REQUEST_STATUSES = ['pending', 'accepted', 'declined'] as const;
export const requestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof requestStatus>;

/** The problem or project a person wants help with. */
export const suggestionContext = z.string().trim().min(3).max(2_000).describe('The problem or project the user wants help with');
export const suggestionLimit = z.number().int().min(1).max(10).default(3).describe('How many colleagues to suggest at most');

/** A suggestion as the person who asked sees it (their own context included). */
export const suggestionView = z.object({
  id: z.uuid().describe("The suggestion's id"),
  userId: z.uuid().describe('Who asked for help'),
  collaborator: colleagueCard.describe('The colleague suggested'),
  reasonType: reasonType.describe('Why this colleague: complementary strengths, matching expertise, or a similar challenge'),
  explanation: z.string().min(1).describe('One or two sentences naming the actual reasons'),
  context: z.string().nullable().describe('The problem or project the user asked help with'),
  score: z.number().min(0).max(1).describe('How good a match, 0-1'),
  status: suggestionStatus.describe('suggested, viewed, connected, declined or expired'),
  respondedAt: z.iso.datetime({ offset: true }).nullable().describe('When the user answered; null until then'),
  /** Optional only so that messages from before double opt-in (v1 as first published) still validate; always sent now. */
  request: requestStatus.nullable().optional().describe("The colleague's answer once the user connected (pending, accepted, declined); null before"),
  expiresAt: z.iso.datetime({ offset: true }).describe('When it expires unanswered'),
  createdAt: z.iso.datetime({ offset: true }).describe('When it was made'),
  updatedAt: z.iso.datetime({ offset: true }).describe('When it last changed'),
});
export type SuggestionView = z.infer<typeof suggestionView>;

/** A connection as the suggested colleague sees it: who and why, never the other person's context. */
export const incomingConnectionView = z.object({
  suggestionId: z.uuid().describe('The suggestion that led to the request'),
  requestor: colleagueCard.describe('Who wants to connect'),
  reasonType: reasonType.describe('Why they were matched'),
  why: z.string().min(1).describe('The reasons, in a sentence or two'),
  connectedAt: z.iso.datetime({ offset: true }).describe('When they asked to connect'),
  /** Optional only for messages from before double opt-in (then: pending); always sent now. */
  status: requestStatus.optional().describe('pending until answered, then accepted or declined'),
  answeredAt: z.iso.datetime({ offset: true }).nullable().optional().describe('When it was answered; null while pending'),
});
export type IncomingConnectionView = z.infer<typeof incomingConnectionView>;

const exampleCollaborator: ColleagueCard = { userId: '2a4b6c8d-1e3f-4a5b-8c7d-9e0f1a2b3c4d', name: 'Sam Rivera', role: 'Site Reliability Engineer', department: 'Platform' };

export const exampleSuggestion: SuggestionView = {
  id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  userId: exampleTeamProfile.userId,
  collaborator: exampleCollaborator,
  reasonType: 'expertise_match',
  explanation: 'Sam Rivera knows kubernetes, which your context is about.',
  context: 'Our Kubernetes cluster keeps failing during database migrations',
  score: 0.72,
  status: 'suggested',
  respondedAt: null,
  request: null,
  expiresAt: '2026-12-07T10:00:00.000Z',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

export const exampleIncomingConnection: IncomingConnectionView = {
  suggestionId: exampleSuggestion.id,
  requestor: { userId: exampleTeamProfile.userId, name: 'Ada Lovelace', role: 'Product Manager', department: 'Product' },
  reasonType: 'expertise_match',
  why: 'Ada Lovelace would like your help: you know kubernetes.',
  connectedAt: '2026-11-23T10:05:00.000Z',
  status: 'pending',
  answeredAt: null,
};
