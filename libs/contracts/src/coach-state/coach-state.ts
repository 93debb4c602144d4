import { z } from 'zod';

import { defineCommand, defineEvent, defineQuery } from '../define';

/** The coaching journey, in order. */
export const COACHING_PHASES = ['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED'] as const;
export const coachingPhase = z.enum(COACHING_PHASES);
export type CoachingPhase = z.infer<typeof coachingPhase>;

export const coachStateView = z.object({
  userId: z.uuid(),
  currentPhase: coachingPhase,
  currentIdentityId: z.uuid().nullable(),
  proposedIdentityId: z.uuid().nullable(),
  /** Progress metadata: accepted and refined identity ids (kept from identity events), phase history. */
  progress: z.object({
    acceptedIdentityIds: z.array(z.uuid()),
    refinedIdentityIds: z.array(z.uuid()),
    phaseHistory: z.array(z.object({ phase: coachingPhase, at: z.iso.datetime({ offset: true }) })),
  }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type CoachStateView = z.infer<typeof coachStateView>;

const exampleState: CoachStateView = {
  userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b',
  currentPhase: 'IDENTITY_CREATION',
  currentIdentityId: null,
  proposedIdentityId: '0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61',
  progress: {
    acceptedIdentityIds: [],
    refinedIdentityIds: [],
    phaseHistory: [
      { phase: 'GET_TO_KNOW_YOU', at: '2026-11-23T10:00:00.000Z' },
      { phase: 'IDENTITY_CREATION', at: '2026-11-23T10:10:00.000Z' },
    ],
  },
  updatedAt: '2026-11-23T10:10:00.000Z',
};

export const CoachStateChanged = defineEvent({
  type: 'coach-state.changed',
  version: 1,
  owner: 'coach-state',
  description: "A user's coach state was created or changed (phase, current or proposed identity). Carries the whole state.",
  payload: z.object({ change: z.enum(['created', 'phase', 'identities']), previousPhase: coachingPhase.nullable(), state: coachStateView }),
  example: { change: 'phase', previousPhase: 'GET_TO_KNOW_YOU', state: exampleState },
  notifiesUser: true,
});

export const TransitionPhase = defineCommand({
  type: 'coach-state.transition',
  version: 1,
  owner: 'coach-state',
  description: 'Move a user to another coaching phase; refused (command.rejected) when the move is not allowed.',
  payload: z.object({ userId: z.uuid(), to: coachingPhase, reason: z.string().max(500).optional() }),
  example: { userId: exampleState.userId, to: 'IDENTITY_CREATION', reason: 'The user shared enough about themselves' },
});

export const GetCoachState = defineQuery({
  type: 'coach-state.get',
  version: 1,
  owner: 'coach-state',
  description: "A user's coach state (404 before user.registered has been applied).",
  payload: z.object({ userId: z.uuid() }),
  response: coachStateView,
  example: { userId: exampleState.userId },
  exampleResponse: exampleState,
});
