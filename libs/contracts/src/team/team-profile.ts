import { z } from 'zod';

/** The five strengths of the AST model; a profile names the one a person leads with. */
export const STRENGTHS = ['thinking', 'planning', 'acting', 'feeling', 'imagination'] as const;
export const strength = z.enum(STRENGTHS);
export type Strength = z.infer<typeof strength>;

export const AVAILABILITY_STATUSES = ['available', 'busy', 'unavailable'] as const;
export const availabilityStatus = z.enum(AVAILABILITY_STATUSES);
export type AvailabilityStatus = z.infer<typeof availabilityStatus>;

const shortText = z.string().trim().min(1).max(255);
const longText = z.string().trim().min(1).max(2_000);

/** The strengths profile summary (the Star Card and flow data of 003, processed). */
export const strengthsSummary = z.object({
  primaryStrength: strength.describe('The AST strength the person leads with'),
  flowAttributes: z.array(z.string().trim().min(1).max(100)).max(20).default([]).describe('What puts them in flow, in a few words each'),
  collaborationStyle: z.string().trim().min(1).max(200).nullable().default(null).describe('How they like to work with others, in a sentence'),
});
export type StrengthsSummary = z.infer<typeof strengthsSummary>;

export const projectExperience = z.object({
  project: shortText.describe("The project's name"),
  role: shortText.nullable().default(null).describe('Their part in it'),
  summary: longText.nullable().default(null).describe('What they did and learned'),
});
export type ProjectExperience = z.infer<typeof projectExperience>;

/** Work-style preferences as the person states them (meeting times, channels, pairing, ...). */
export const collaborationPreferences = z.record(z.string().min(1).max(100), z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(200)).max(20)]));

/** What a person may set on their own team profile. Expertise areas are stored in lower case: `?|` matching is exact. */
export const teamProfileFields = z.object({
  company: shortText.nullable().default(null).describe('Where they work, as they write it (it admits to no organisation)'),
  department: shortText.nullable().default(null).describe('Their department, shown to colleagues'),
  role: shortText.nullable().default(null).describe('Their job title, shown to colleagues'),
  strengths: strengthsSummary.nullable().default(null).describe('Their strengths profile; never shown to colleagues'),
  expertiseAreas: z.array(z.string().trim().min(1).max(100)).max(50).default([]).describe('What they know well, matched exactly (stored in lower case)'),
  projectExperience: z.array(projectExperience).max(30).default([]).describe('Projects they worked on'),
  collaborationPreferences: collaborationPreferences.default({}).describe('Work-style preferences as they state them (meeting times, channels, pairing, ...)'),
  availability: availabilityStatus.default('available').describe('Whether colleagues may be suggested to reach them now'),
  connectionOptIn: z.boolean().default(true).describe('Whether they may be suggested to colleagues at all'),
});

export const teamProfileView = teamProfileFields.extend({
  userId: z.uuid().describe('Whose profile it is'),
  displayName: z.string().nullable().describe('The name colleagues see (from the account)'),
  createdAt: z.iso.datetime({ offset: true }).describe('When it was first saved'),
  updatedAt: z.iso.datetime({ offset: true }).describe('When it last changed'),
});
export type TeamProfileView = z.infer<typeof teamProfileView>;

/** What one colleague may see of another: never strengths, notes, context or preferences. */
export const colleagueCard = z.object({
  userId: z.uuid().describe("The colleague's user id"),
  name: z.string().nullable().describe('Their name'),
  role: z.string().nullable().describe('Their job title'),
  department: z.string().nullable().describe('Their department'),
});
export type ColleagueCard = z.infer<typeof colleagueCard>;

export const exampleTeamProfile: TeamProfileView = {
  userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b',
  displayName: 'Ada Lovelace',
  company: 'Lion Software',
  department: 'Product',
  role: 'Product Manager',
  strengths: { primaryStrength: 'thinking', flowAttributes: ['strategic', 'methodical'], collaborationStyle: 'analytical empathy' },
  expertiseAreas: ['product strategy', 'user research', 'data analysis'],
  projectExperience: [{ project: 'Mobile checkout', role: 'Product lead', summary: 'Cut the checkout flow from five steps to two.' }],
  collaborationPreferences: { channels: ['chat', 'pairing'], bestTime: 'mornings' },
  availability: 'available',
  connectionOptIn: true,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};
