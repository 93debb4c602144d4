import { z } from 'zod';

/** The ten life areas an identity belongs to. */
export const IDENTITY_CATEGORIES = ['CAREER', 'HEALTH', 'RELATIONSHIPS', 'FAMILY', 'FINANCES', 'PERSONAL_GROWTH', 'SPIRITUALITY', 'RECREATION', 'CONTRIBUTION', 'ENVIRONMENT'] as const;
export const identityCategory = z.enum(IDENTITY_CATEGORIES);
export type IdentityCategory = z.infer<typeof identityCategory>;

/** States only move forward (PROPOSED -> ACCEPTED -> REFINEMENT_COMPLETE); archiving is separate. */
export const IDENTITY_STATES = ['PROPOSED', 'ACCEPTED', 'REFINEMENT_COMPLETE'] as const;
export const identityState = z.enum(IDENTITY_STATES);
export type IdentityState = z.infer<typeof identityState>;

export const identityName = z.string().trim().min(1).max(200);
export const identityText = z.string().trim().min(1).max(5_000);

/** An identity as services and the gateway see it. */
export const identityView = z.object({
  id: z.uuid().describe("The identity's id"),
  userId: z.uuid().describe('Whose identity it is'),
  category: identityCategory.describe('The life area it belongs to'),
  name: identityName.describe('Who the user wants to be, in a few words ("The Calm Leader")'),
  affirmation: z.string().nullable().describe('A first-person sentence the user can say to themselves'),
  visualization: z.string().nullable().describe('A scene the user can picture, living it'),
  state: identityState.describe('PROPOSED by the coach, ACCEPTED by the user, then REFINEMENT_COMPLETE; only forward'),
  archived: z.boolean().describe('Put aside by the user; kept with its history'),
  createdAt: z.iso.datetime({ offset: true }).describe('When it was proposed'),
  updatedAt: z.iso.datetime({ offset: true }).describe('When it last changed'),
});
export type IdentityView = z.infer<typeof identityView>;

export const exampleIdentity: IdentityView = {
  id: '0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61',
  userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b',
  category: 'CAREER',
  name: 'The Calm Leader',
  affirmation: 'I lead my team with calm and clarity.',
  visualization: 'I see myself opening Monday planning with a clear, unhurried voice.',
  state: 'ACCEPTED',
  archived: false,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:05:00.000Z',
};

/** What made a new version of an identity: its creation, an edit, a move, archiving. */
export const IDENTITY_CHANGES = ['PROPOSED', 'UPDATED', 'ACCEPTED', 'REFINEMENT_COMPLETED', 'ARCHIVED'] as const;
export const identityChange = z.enum(IDENTITY_CHANGES);
export type IdentityChange = z.infer<typeof identityChange>;

/** One version of an identity: the identity as a change left it. */
export const identityVersionView = z.object({
  identityId: z.uuid().describe('The identity it is a version of'),
  version: z.number().int().min(1).describe('1 for the first version, one more for each change'),
  change: identityChange.describe('What made this version'),
  changedAt: z.iso.datetime({ offset: true }).describe('When'),
  identity: identityView.describe('The identity as the change left it'),
});
export type IdentityVersionView = z.infer<typeof identityVersionView>;

export const exampleIdentityVersion: IdentityVersionView = { identityId: exampleIdentity.id, version: 3, change: 'UPDATED', changedAt: exampleIdentity.updatedAt, identity: exampleIdentity };
