import { z } from 'zod';

import { defineEvent } from '../define';
import { checkInReason, commitmentView, energyView, exampleCommitment, exampleEnergy, exampleGoal, goalView, occurrenceOutcome } from './progress';

export const GoalChanged = defineEvent({
  type: 'progress.goal.changed',
  version: 1,
  owner: 'progress',
  description: 'A goal was set or changed (title, why, target date, status). Carries the goal as it is now.',
  payload: z.object({ goal: goalView }),
  example: { goal: exampleGoal },
  notifiesUser: true,
});

export const CommitmentChanged = defineEvent({
  type: 'progress.commitment.changed',
  version: 1,
  owner: 'progress',
  description: 'A commitment was made, or one of its occurrences was settled (outcome COMPLETED, SKIPPED or MISSED, for the occurrence due at occurrenceDueAt). Carries the commitment as it is now.',
  payload: z.object({ commitment: commitmentView, outcome: occurrenceOutcome.nullable(), occurrenceDueAt: z.iso.datetime({ offset: true }).nullable() }),
  example: { commitment: exampleCommitment, outcome: null, occurrenceDueAt: null },
  notifiesUser: true,
});

export const EnergyLogged = defineEvent({
  type: 'progress.energy.logged',
  version: 1,
  owner: 'progress',
  description: 'An energy level was recorded: given by the user, or inferred from the emotions of their messages.',
  payload: z.object({ energy: energyView }),
  example: { energy: exampleEnergy },
  notifiesUser: true,
});

/**
 * Sent once per due (or missed) occurrence by the check-in scheduler. Chat opens a CHECK_IN
 * conversation (or uses the user's open one) and posts `message` as the coach.
 */
export const CheckInDue = defineEvent({
  type: 'progress.check-in.due',
  version: 1,
  owner: 'progress',
  description:
    "A commitment fell due (DUE) or went by with no answer (MISSED), outside the user's quiet hours. Chat posts `message` as the coach in a CHECK_IN conversation; checkInId is unique per occurrence and reason.",
  payload: z.object({
    checkInId: z.uuid(),
    userId: z.uuid(),
    commitmentId: z.uuid(),
    commitmentTitle: z.string().min(1),
    reason: checkInReason,
    occurrenceDueAt: z.iso.datetime({ offset: true }),
    message: z.string().min(1).max(2_000),
  }),
  example: {
    checkInId: '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c',
    userId: exampleCommitment.userId,
    commitmentId: exampleCommitment.id,
    commitmentTitle: exampleCommitment.title,
    reason: 'DUE',
    occurrenceDueAt: exampleCommitment.dueAt,
    message: 'Checking in: "A 20-minute walk before work" was due this morning. How did it go?',
  },
});
