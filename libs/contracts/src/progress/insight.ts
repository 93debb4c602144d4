import { z } from 'zod';

import { pageOfItems } from '../common/page';
import { defineEvent, defineQuery } from '../define';

/**
 * Document 004's Insight: a pattern found in the user's own data, with its evidence. The kinds
 * progress looks for: energy lower on days after a missed commitment, energy higher on days a
 * commitment was kept, misses gathering on one weekday.
 */
export const INSIGHT_KINDS = ['LOW_ENERGY_AFTER_MISSED', 'HIGHER_ENERGY_ON_KEPT_DAYS', 'MISSES_ON_ONE_WEEKDAY', 'LOW_ENERGY_ON_TOPIC_DAYS'] as const;
export const insightKind = z.enum(INSIGHT_KINDS);
export type InsightKind = z.infer<typeof insightKind>;

export const insightView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  kind: insightKind,
  /** The pattern in words, with its figures. */
  statement: z.string().min(1),
  tags: z.array(z.string()),
  /** What it rests on: the occurrences and energy entries (ids) and the figures compared. */
  evidence: z.object({
    occurrenceIds: z.array(z.uuid()),
    energyIds: z.array(z.uuid()),
    /** The Sentinel notes a pattern rests on (the topic days). */
    noteIds: z.array(z.uuid()).optional(),
    figures: z.record(z.string(), z.union([z.number(), z.string()])),
  }),
  /** When the pattern was first seen, and when the evidence was last counted. */
  firstFoundAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type InsightView = z.infer<typeof insightView>;

export const exampleInsight: InsightView = {
  id: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
  userId: '6f1c2a7e-3d4b-4e8f-9a1b-2c3d4e5f6a7b',
  kind: 'LOW_ENERGY_AFTER_MISSED',
  statement: 'Your energy is lower on days after a missed commitment: 3.5 on average, against 6.8 on other days.',
  tags: ['energy', 'commitments'],
  evidence: {
    occurrenceIds: ['7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'],
    energyIds: ['3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b'],
    figures: { averageAfterMissed: 3.5, averageOtherDays: 6.8, daysAfterMissed: 2, otherDays: 5 },
  },
  firstFoundAt: '2026-11-28T00:00:04.000Z',
  updatedAt: '2026-11-30T00:00:04.000Z',
};

export const InsightFound = defineEvent({
  type: 'progress.insight.found',
  version: 1,
  owner: 'progress',
  description: "A pattern was found in the user's commitments and energy, or its figures changed (recounted whenever a report is written). Carries the insight with its evidence.",
  payload: z.object({ insight: insightView }),
  example: { insight: exampleInsight },
  notifiesUser: true,
});

export const ListInsights = defineQuery({
  type: 'progress.insights.list',
  version: 2,
  owner: 'progress',
  description: "The patterns that hold in the user's last 21 days, newest first, each with its evidence. The list is bounded by that window: one page, nextCursor always null.",
  payload: z.object({ userId: z.uuid() }),
  response: pageOfItems(insightView),
  example: { userId: exampleInsight.userId },
  exampleResponse: { items: [exampleInsight], nextCursor: null },
});

/** Version 1: the same insights without nextCursor. Still answered for callers from before version 2. */
export const ListInsightsV1 = defineQuery({
  type: 'progress.insights.list',
  version: 1,
  owner: 'progress',
  description: "The patterns that hold in the user's last 21 days, newest first, each with its evidence. Superseded by version 2, which answers the lists' one shape.",
  payload: z.object({ userId: z.uuid() }),
  response: z.object({ items: z.array(insightView) }),
  example: { userId: exampleInsight.userId },
  exampleResponse: { items: [exampleInsight] },
});
