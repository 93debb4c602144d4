import { z } from 'zod';

import { identityCategory } from '../identities/identity';
import { goalTitle } from './progress';

/** Document 004's ReportType: two-, seven- and twenty-one-day reporting windows. */
export const REPORT_TYPES = ['TWO_DAY', 'SEVEN_DAY', 'TWENTY_ONE_DAY'] as const;
export const reportType = z.enum(REPORT_TYPES);
export type ReportType = z.infer<typeof reportType>;
/** How many local days each report type covers. */
export const REPORT_DAYS: Record<ReportType, number> = { TWO_DAY: 2, SEVEN_DAY: 7, TWENTY_ONE_DAY: 21 };

/** SCHEDULED: made by the report scheduler at the end of a period; ON_DEMAND: asked for by the user. */
export const REPORT_TRIGGERS = ['SCHEDULED', 'ON_DEMAND'] as const;
export const reportTrigger = z.enum(REPORT_TRIGGERS);

const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);
const average = z.number().min(1).max(10).nullable();

/** What became of one commitment's occurrences in the period. */
const commitmentOutcomes = z.object({ commitmentId: z.uuid(), title: goalTitle, completed: count, skipped: count, missed: count });

/** How one of the user's Sentinel notes changed (its note events): learned, refined, replaced by a newer fact, or forgotten. */
export const noteChange = z.enum(['ADDED', 'UPDATED', 'SUPERSEDED', 'DELETED']);
export type NoteChange = z.infer<typeof noteChange>;

/** The report's structured payload: what was committed, done and missed, energy, and progress toward goals and identities. */
export const reportPayload = z.object({
  days: z.number().int().positive(),
  timeZone: z.string(),
  commitments: z.object({
    /** Commitments made in the period. */
    made: count,
    /** Occurrences that fell due in the period and were settled. */
    due: count,
    completed: count,
    skipped: count,
    missed: count,
    /** completed / (completed + missed); null when nothing was due. */
    rate: z.number().min(0).max(1).nullable(),
    /** The commitments with something due in the period, most completed first (at most 20). */
    items: z.array(commitmentOutcomes),
  }),
  energy: z.object({
    entries: count,
    average,
    firstHalfAverage: average,
    secondHalfAverage: average,
    /** RISING or FALLING when the second half's average differs from the first's by 1 or more. */
    trend: z.enum(['RISING', 'FALLING', 'STEADY']).nullable(),
    /** Entries inferred from the emotions of the user's messages (Sentinel), among `entries`. */
    inferredEntries: count,
  }),
  /** Goals with occurrences in the period, and the identity or life area each serves. */
  goals: z.array(z.object({ goalId: z.uuid(), title: goalTitle, identityId: z.uuid().nullable(), lifeArea: identityCategory.nullable(), completed: count, missed: count })),
  /** Progress toward identities: the goals linked to each identity (an identities id), summed. */
  identities: z.array(z.object({ identityId: z.uuid(), goals: count, completed: count, missed: count })),
  /**
   * The notes that changed in the period (Sentinel's note events, as progress heard them): how
   * many of each change, and the latest 10. A forgotten note is counted but its text is gone.
   * Absent from reports written before progress heard note events.
   */
  notes: z
    .object({
      added: count,
      updated: count,
      superseded: count,
      deleted: count,
      items: z.array(z.object({ noteId: z.uuid(), change: noteChange, note: z.string().nullable(), occurredAt: z.iso.datetime({ offset: true }) })),
    })
    .optional(),
});
export type ReportPayload = z.infer<typeof reportPayload>;

export const reportView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  type: reportType,
  trigger: reportTrigger,
  periodStart: timestamp,
  periodEnd: timestamp,
  payload: reportPayload,
  /** Written by the model from the payload. */
  summary: z.string().min(1),
  createdAt: timestamp,
});
export type ReportView = z.infer<typeof reportView>;

export const exampleReport: ReportView = {
  id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b',
  type: 'SEVEN_DAY',
  trigger: 'SCHEDULED',
  periodStart: '2026-11-23T00:00:00.000Z',
  periodEnd: '2026-11-30T00:00:00.000Z',
  payload: {
    days: 7,
    timeZone: 'UTC',
    commitments: {
      made: 1,
      due: 5,
      completed: 4,
      skipped: 0,
      missed: 1,
      rate: 0.8,
      items: [{ commitmentId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', title: 'A 20-minute walk before work', completed: 4, skipped: 0, missed: 1 }],
    },
    energy: { entries: 5, average: 6.4, firstHalfAverage: 5.5, secondHalfAverage: 7, trend: 'RISING', inferredEntries: 2 },
    goals: [{ goalId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', title: 'Run a 10 km race', identityId: null, lifeArea: 'HEALTH', completed: 4, missed: 1 }],
    identities: [],
  },
  summary: 'In the last 7 days you kept 4 of 5 check-ins (80%): "A 20-minute walk before work" 4 done, 1 missed. Your energy rose from 5.5 to 7.',
  createdAt: '2026-11-30T00:00:05.000Z',
};
