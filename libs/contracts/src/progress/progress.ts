import { z } from 'zod';

import { identityCategory } from '../identities/identity';

/** Document 004's ReminderStatus: the lifecycle of goals, commitments and their reminders. */
export const REMINDER_STATUSES = ['PENDING', 'SCHEDULED', 'COMPLETED', 'SKIPPED'] as const;
export const reminderStatus = z.enum(REMINDER_STATUSES);
export type ReminderStatus = z.infer<typeof reminderStatus>;

/**
 * The schedules a commitment repeats on (004's ReminderSchedule cadence), in the user's time zone:
 * ONCE, every day, Monday to Friday, or once a week on the weekday it was first due.
 */
export const SCHEDULES = ['ONCE', 'DAILY', 'WEEKDAYS', 'WEEKLY'] as const;
export const schedule = z.enum(SCHEDULES);
export type Schedule = z.infer<typeof schedule>;

/** What became of one due occurrence of a commitment. */
export const OCCURRENCE_OUTCOMES = ['COMPLETED', 'SKIPPED', 'MISSED'] as const;
export const occurrenceOutcome = z.enum(OCCURRENCE_OUTCOMES);
export type OccurrenceOutcome = z.infer<typeof occurrenceOutcome>;

/** Why the coach checks in: the commitment is due now, or it went by with no answer. */
export const CHECK_IN_REASONS = ['DUE', 'MISSED'] as const;
export const checkInReason = z.enum(CHECK_IN_REASONS);
export type CheckInReason = z.infer<typeof checkInReason>;

export const ENERGY_SOURCES = ['USER', 'INFERRED'] as const;
export const energySource = z.enum(ENERGY_SOURCES);

export const goalTitle = z.string().trim().min(1).max(200);
export const progressText = z.string().trim().min(1).max(2_000);
const timestamp = z.iso.datetime({ offset: true });
/** An IANA time zone name the runtime knows (Europe/Paris, America/New_York, UTC). */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Paris');
/** A local time of day, HH:MM (24 h). */
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');

export const goalView = z.object({
  id: z.uuid().describe("The goal's id"),
  userId: z.uuid().describe('Whose goal it is'),
  title: goalTitle.describe('What the user wants to achieve'),
  why: z.string().nullable().describe('Why it matters to them'),
  identityId: z.uuid().nullable().describe('The identity this goal serves, if any'),
  lifeArea: identityCategory.nullable().describe('The life area it belongs to, when it serves no identity'),
  targetDate: z.iso.date().nullable().describe('The day they aim to reach it by'),
  status: reminderStatus.describe('SCHEDULED while open; COMPLETED or SKIPPED once closed'),
  progress: z.number().min(0).max(100).describe("0-100: the share of its commitments' due occurrences that were completed"),
  createdAt: timestamp.describe('When it was set'),
  updatedAt: timestamp.describe('When it last changed'),
});
export type GoalView = z.infer<typeof goalView>;

export const commitmentView = z.object({
  id: z.uuid().describe("The commitment's id"),
  userId: z.uuid().describe('Whose commitment it is'),
  goalId: z.uuid().nullable().describe('The goal it serves, if any'),
  title: goalTitle.describe('What the user commits to do'),
  dueAt: timestamp.describe("The next (or, once final, the last) occurrence's due time"),
  schedule: schedule.describe("How it repeats, in the user's time zone: ONCE, DAILY, WEEKDAYS or WEEKLY"),
  status: reminderStatus.describe('SCHEDULED while occurrences are due; COMPLETED or SKIPPED once final'),
  completedAt: timestamp.nullable().describe('When its last occurrence was completed; null until then'),
  createdAt: timestamp.describe('When it was made'),
  updatedAt: timestamp.describe('When it last changed'),
});
export type CommitmentView = z.infer<typeof commitmentView>;

export const energyView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  level: z.number().int().min(1).max(10),
  source: energySource,
  note: z.string().nullable(),
  recordedAt: timestamp,
});
export type EnergyView = z.infer<typeof energyView>;

export const checkInSettingsView = z.object({
  timeZone,
  /** No check-in is sent between these local times; one that falls due then waits for the end. */
  quietHoursStart: localTime.nullable(),
  quietHoursEnd: localTime.nullable(),
});
export type CheckInSettingsView = z.infer<typeof checkInSettingsView>;

const windowMetrics = z.object({ days: z.number().int(), due: z.number().int(), completed: z.number().int(), skipped: z.number().int(), missed: z.number().int(), rate: z.number().nullable() });
export const metricsView = z.object({
  consistency: z.object({ last7: windowMetrics, last21: windowMetrics, currentStreak: z.number().int(), longestStreak: z.number().int() }),
  energy: z.object({ latest: z.number().int().nullable(), average7: z.number().nullable(), average21: z.number().nullable(), entries7: z.number().int() }),
});
export type MetricsView = z.infer<typeof metricsView>;

const userId = '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b';

export const exampleGoal: GoalView = {
  id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  userId,
  title: 'Run a 10 km race',
  why: 'To feel strong and steady again',
  identityId: null,
  lifeArea: 'HEALTH',
  targetDate: '2027-03-01',
  status: 'SCHEDULED',
  progress: 50,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

export const exampleCommitment: CommitmentView = {
  id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
  userId,
  goalId: exampleGoal.id,
  title: 'A 20-minute walk before work',
  dueAt: '2026-11-24T07:30:00.000Z',
  schedule: 'WEEKDAYS',
  status: 'SCHEDULED',
  completedAt: null,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

export const exampleEnergy: EnergyView = { id: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b', userId, level: 7, source: 'USER', note: 'Slept well', recordedAt: '2026-11-23T10:00:00.000Z' };

export const exampleMetrics: MetricsView = {
  consistency: {
    last7: { days: 7, due: 5, completed: 4, skipped: 0, missed: 1, rate: 0.8 },
    last21: { days: 21, due: 15, completed: 11, skipped: 1, missed: 3, rate: 0.73 },
    currentStreak: 2,
    longestStreak: 6,
  },
  energy: { latest: 7, average7: 6.4, average21: 6.1, entries7: 5 },
};
