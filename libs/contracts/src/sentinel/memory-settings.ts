import { z } from 'zod';

import { defineQuery } from '../define';
import { exampleNote } from './note';

/**
 * What the user lets Sentinel keep. Health and emotion notes (and emotion readings, and the
 * messages they came from as episodes) are kept only while the matching consent is true; both
 * start false. Withdrawing a consent forgets what it had let Sentinel keep.
 */
export const memorySettingsView = z.object({
  userId: z.uuid(),
  keepHealth: z.boolean(),
  keepEmotions: z.boolean(),
  /** null until the user first saves their settings. */
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type MemorySettingsView = z.infer<typeof memorySettingsView>;

const exampleSettings: MemorySettingsView = { userId: exampleNote.userId, keepHealth: false, keepEmotions: true, updatedAt: '2026-11-30T09:00:00.000Z' };

export const GetMemorySettings = defineQuery({
  type: 'sentinel.memory-settings',
  version: 1,
  owner: 'sentinel',
  description: "The user's memory consents (both false until they give them).",
  payload: z.object({ userId: z.uuid() }),
  response: memorySettingsView,
  example: { userId: exampleNote.userId },
  exampleResponse: exampleSettings,
});

export const UpdateMemorySettings = defineQuery({
  type: 'sentinel.update-memory-settings',
  version: 1,
  owner: 'sentinel',
  description:
    'The user gives or withdraws consent for health and emotion memories. Withdrawing one deletes what it covered (notes, emotion readings, episodes) and announces each deleted note; answers the settings as they are now.',
  payload: z.object({ userId: z.uuid(), keepHealth: z.boolean(), keepEmotions: z.boolean() }),
  response: memorySettingsView.extend({ forgotten: z.number().int().min(0) }),
  example: { userId: exampleNote.userId, keepHealth: false, keepEmotions: true },
  exampleResponse: { ...exampleSettings, forgotten: 0 },
});
