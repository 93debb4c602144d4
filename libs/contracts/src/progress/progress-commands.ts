import { z } from 'zod';

import { defineCommand } from '../define';
import { goalInput } from './progress-queries';
import { exampleCommitment, exampleGoal, goalTitle, localTime, progressText, schedule } from './progress';

const userId = z.uuid();

/**
 * Durable commands from the coach's actions (chat); results come back as progress events
 * (goal.changed, commitment.changed, energy.logged) caused by the command, or command.rejected.
 */
export const CreateGoal = defineCommand({
  type: 'progress.goal.create',
  version: 1,
  owner: 'progress',
  description: 'Set a goal for the user (status SCHEDULED).',
  payload: goalInput.extend({ userId }),
  example: { userId: exampleGoal.userId, title: exampleGoal.title, lifeArea: 'HEALTH' },
});

export const CreateCommitment = defineCommand({
  type: 'progress.commitment.create',
  version: 1,
  owner: 'progress',
  description: "Keep a commitment the user stated. Due at dueAt (not in the past) or, without it, at the next `at` (local HH:MM, 09:00 when left out) in the user's time zone; once or on a schedule.",
  payload: z.object({ userId, title: goalTitle, schedule: schedule.default('ONCE'), dueAt: z.iso.datetime({ offset: true }).optional(), at: localTime.optional(), goalId: z.uuid().optional() }),
  example: { userId: exampleCommitment.userId, title: 'Walk 20 minutes every morning', schedule: 'DAILY', at: '08:00' },
});

export const CompleteCommitment = defineCommand({
  type: 'progress.commitment.complete',
  version: 1,
  owner: 'progress',
  description: "The user says they did it: the commitment's current occurrence is COMPLETED (rejected when it is not theirs or already final).",
  payload: z.object({ userId, commitmentId: z.uuid(), note: progressText.optional() }),
  example: { userId: exampleCommitment.userId, commitmentId: exampleCommitment.id, note: 'I did my walk this morning' },
});

export const RecordEnergy = defineCommand({
  type: 'progress.energy.record',
  version: 1,
  owner: 'progress',
  description: 'The user told the coach their energy, 1 to 10 (source USER).',
  payload: z.object({ userId, level: z.number().int().min(1).max(10), note: progressText.optional() }),
  example: { userId: exampleCommitment.userId, level: 4, note: 'Tired after a long week' },
});
