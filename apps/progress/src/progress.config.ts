import { z } from 'zod';

import { parseEnv } from '@tandem/config';

const progressEnv = z.object({
  /** How often each replica looks for check-ins that fell due. */
  PROGRESS_SCHEDULER_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  /** Reminders claimed per scheduler transaction; a replica keeps claiming while batches come back full. */
  PROGRESS_SCHEDULER_BATCH: z.coerce.number().int().min(1).max(5_000).default(500),
  /** An occurrence with no answer this long after it was due is MISSED, and the coach checks in gently. */
  PROGRESS_MISSED_AFTER_MINUTES: z.coerce
    .number()
    .positive()
    .default(12 * 60),
  /** Energy at or below this (latest entry) makes a check-in gentle rather than another reminder. */
  PROGRESS_LOW_ENERGY: z.coerce.number().int().min(1).max(10).default(4),
});

export type ProgressConfig = z.infer<typeof progressEnv>;

export const PROGRESS_CONFIG = Symbol('PROGRESS_CONFIG');

export function readProgressConfig(env: NodeJS.ProcessEnv = process.env): ProgressConfig {
  return parseEnv(progressEnv, env);
}
