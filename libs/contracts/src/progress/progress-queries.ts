import { z } from 'zod';

import { pageCursor, pageOfItems } from '../common/page';
import { defineQuery } from '../define';
import { identityCategory } from '../identities/identity';
import {
  checkInSettingsView,
  commitmentView,
  energyView,
  exampleCommitment,
  exampleEnergy,
  exampleGoal,
  exampleMetrics,
  goalTitle,
  goalView,
  localTime,
  metricsView,
  progressText,
  reminderStatus,
  schedule,
  timeZone,
} from './progress';

const userId = z.uuid();
const example = { userId: exampleGoal.userId };

/**
 * Request/reply for the gateway. Every request names the user from the token; a goal or
 * commitment of another user is answered with 404, as if it did not exist.
 */
export const ListGoals = defineQuery({
  type: 'progress.goals.list',
  version: 2,
  owner: 'progress',
  description: "The user's goals, oldest first, with their progress, a page at a time (keyset cursor on createdAt, id).",
  payload: z.object({ userId, status: reminderStatus.optional().describe('Only goals with this status'), cursor: pageCursor.optional(), limit: z.number().int().min(1).max(100).default(50) }),
  response: pageOfItems(goalView),
  example,
  exampleResponse: { items: [exampleGoal], nextCursor: null },
});

/** Version 1, before pages: every goal, no cursor. Still answered for callers from before version 2. */
export const ListGoalsV1 = defineQuery({
  type: 'progress.goals.list',
  version: 1,
  owner: 'progress',
  description: "The user's goals, oldest first, with their progress. Superseded by version 2, which pages.",
  payload: z.object({ userId, status: reminderStatus.optional() }),
  response: z.object({ items: z.array(goalView) }),
  example,
  exampleResponse: { items: [exampleGoal] },
});

export const goalInput = z.object({
  title: goalTitle.describe('What the user wants to achieve'),
  why: progressText.optional().describe('Why it matters to them'),
  identityId: z.uuid().optional().describe('The identity this goal serves (one of theirs)'),
  lifeArea: identityCategory.optional().describe('The life area it belongs to, when it serves no identity'),
  targetDate: z.iso.date().optional().describe('The day they aim to reach it by'),
});

export const CreateGoalNow = defineQuery({
  type: 'progress.goals.create',
  version: 1,
  owner: 'progress',
  description: 'The user sets a goal; answers it (status SCHEDULED).',
  payload: goalInput.extend({ userId }),
  response: goalView,
  example: { ...example, title: exampleGoal.title, why: 'To feel strong again', lifeArea: 'HEALTH' },
  exampleResponse: exampleGoal,
});

export const GetGoal = defineQuery({
  type: 'progress.goals.get',
  version: 1,
  owner: 'progress',
  description: 'One goal of the user with its commitments (404 when it is not theirs).',
  payload: z.object({ userId, goalId: z.uuid() }),
  response: goalView.extend({ commitments: z.array(commitmentView) }),
  example: { ...example, goalId: exampleGoal.id },
  exampleResponse: { ...exampleGoal, commitments: [exampleCommitment] },
});

export const UpdateGoalNow = defineQuery({
  type: 'progress.goals.update',
  version: 1,
  owner: 'progress',
  description: "Change a goal's title, why, target date, or close it (status COMPLETED or SKIPPED). 404 when it is not theirs.",
  payload: goalInput.partial().extend({ userId, goalId: z.uuid(), status: z.enum(['COMPLETED', 'SKIPPED']).optional() }),
  response: goalView,
  example: { ...example, goalId: exampleGoal.id, status: 'COMPLETED' },
  exampleResponse: { ...exampleGoal, status: 'COMPLETED' },
});

const commitmentFilter = z.object({
  userId,
  goalId: z.uuid().optional().describe('Only the commitments of this goal'),
  status: reminderStatus.optional().describe('Only commitments with this status'),
});

export const ListCommitments = defineQuery({
  type: 'progress.commitments.list',
  version: 2,
  owner: 'progress',
  description: "The user's commitments, soonest due first, a page at a time (keyset cursor on dueAt, id); filtered by goal and status.",
  payload: commitmentFilter.extend({ cursor: pageCursor.optional(), limit: z.number().int().min(1).max(100).default(50) }),
  response: pageOfItems(commitmentView),
  example,
  exampleResponse: { items: [exampleCommitment], nextCursor: null },
});

/** Version 1, before pages: every commitment, no cursor. Still answered for callers from before version 2. */
export const ListCommitmentsV1 = defineQuery({
  type: 'progress.commitments.list',
  version: 1,
  owner: 'progress',
  description: "The user's commitments, soonest due first; filtered by goal and status. Superseded by version 2, which pages.",
  payload: commitmentFilter,
  response: z.object({ items: z.array(commitmentView) }),
  example,
  exampleResponse: { items: [exampleCommitment] },
});

export const commitmentInput = z.object({
  title: goalTitle.describe('What the user commits to do'),
  dueAt: z.iso.datetime({ offset: true }).describe('When it is first due'),
  schedule: schedule.default('ONCE').describe("How it repeats, in the user's time zone"),
  goalId: z.uuid().optional().describe('The goal it serves (one of theirs)'),
});

export const CreateCommitmentNow = defineQuery({
  type: 'progress.commitments.create',
  version: 1,
  owner: 'progress',
  description: 'The user commits to something due at dueAt (not in the past), once or on a schedule; the coach checks in when it falls due. 404 when goalId is not theirs.',
  payload: commitmentInput.extend({ userId }),
  response: commitmentView,
  example: { ...example, title: exampleCommitment.title, dueAt: exampleCommitment.dueAt, schedule: 'WEEKDAYS', goalId: exampleGoal.id },
  exampleResponse: exampleCommitment,
});

const occurrenceRequest = z.object({ userId, commitmentId: z.uuid(), note: progressText.optional() });

export const CompleteCommitmentNow = defineQuery({
  type: 'progress.commitments.complete',
  version: 1,
  owner: 'progress',
  description: 'The user did it: the current occurrence is COMPLETED; a repeating commitment moves on to its next due time. 404 when it is not theirs, 409 when it is already final.',
  payload: occurrenceRequest,
  response: commitmentView,
  example: { ...example, commitmentId: exampleCommitment.id },
  exampleResponse: { ...exampleCommitment, status: 'COMPLETED', completedAt: '2026-11-24T07:55:00.000Z' },
});

export const SkipCommitmentNow = defineQuery({
  type: 'progress.commitments.skip',
  version: 1,
  owner: 'progress',
  description: 'The user skips the current occurrence (SKIPPED); a repeating commitment moves on. 404 when it is not theirs, 409 when it is already final.',
  payload: occurrenceRequest,
  response: commitmentView,
  example: { ...example, commitmentId: exampleCommitment.id },
  exampleResponse: { ...exampleCommitment, status: 'SKIPPED' },
});

export const LogEnergyNow = defineQuery({
  type: 'progress.energy.log',
  version: 1,
  owner: 'progress',
  description: 'The user rates their energy, 1 to 10.',
  payload: z.object({ userId, level: z.number().int().min(1).max(10), note: progressText.optional() }),
  response: energyView,
  example: { ...example, level: 7, note: 'Slept well' },
  exampleResponse: exampleEnergy,
});

export const ListEnergy = defineQuery({
  type: 'progress.energy.list',
  version: 2,
  owner: 'progress',
  description: "The user's energy entries of the last `days` days, newest first (given and inferred). The list is bounded by `days`: one page, nextCursor always null.",
  payload: z.object({ userId, days: z.number().int().min(1).max(90).default(21) }),
  response: pageOfItems(energyView),
  example,
  exampleResponse: { items: [exampleEnergy], nextCursor: null },
});

/** Version 1: the same entries without nextCursor. Still answered for callers from before version 2. */
export const ListEnergyV1 = defineQuery({
  type: 'progress.energy.list',
  version: 1,
  owner: 'progress',
  description: "The user's energy entries of the last `days` days, newest first (given and inferred). Superseded by version 2, which answers the lists' one shape.",
  payload: z.object({ userId, days: z.number().int().min(1).max(90).default(21) }),
  response: z.object({ items: z.array(energyView) }),
  example,
  exampleResponse: { items: [exampleEnergy] },
});
export const GetProgressMetrics = defineQuery({
  type: 'progress.metrics.get',
  version: 1,
  owner: 'progress',
  description: 'Consistency (rolling 7- and 21-day completion of due occurrences, current and longest streak of completed days) and energy averages.',
  payload: z.object({ userId }),
  response: metricsView,
  example,
  exampleResponse: exampleMetrics,
});

export const GetCheckInSettings = defineQuery({
  type: 'progress.check-in-settings.get',
  version: 1,
  owner: 'progress',
  description: "The user's time zone and quiet hours (UTC and none until set).",
  payload: z.object({ userId }),
  response: checkInSettingsView,
  example,
  exampleResponse: { timeZone: 'Europe/Paris', quietHoursStart: '22:00', quietHoursEnd: '07:30' },
});

export const UpdateCheckInSettings = defineQuery({
  type: 'progress.check-in-settings.update',
  version: 1,
  owner: 'progress',
  description: "Set the user's time zone and quiet hours (both ends or neither).",
  payload: z
    .object({ userId, timeZone, quietHoursStart: localTime.nullable().default(null), quietHoursEnd: localTime.nullable().default(null) })
    .refine((settings) => (settings.quietHoursStart === null) === (settings.quietHoursEnd === null), { message: 'Give both quietHoursStart and quietHoursEnd, or neither', path: ['quietHoursEnd'] }),
  response: checkInSettingsView,
  example: { ...example, timeZone: 'Europe/Paris', quietHoursStart: '22:00', quietHoursEnd: '07:30' },
  exampleResponse: { timeZone: 'Europe/Paris', quietHoursStart: '22:00', quietHoursEnd: '07:30' },
});
