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
  /** How often each replica looks for reports whose period ended. */
  PROGRESS_REPORT_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /** Report schedules claimed per transaction. */
  PROGRESS_REPORT_BATCH: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Reports a replica writes at once (each a model call and an embedding). */
  PROGRESS_REPORT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** A claimed report not written within this long (a crashed replica) is claimed again. */
  PROGRESS_REPORT_LEASE_SECONDS: z.coerce.number().int().min(10).default(300),
  /** The model's time to write a summary; past it the offline summary is stored. */
  PROGRESS_REPORT_SUMMARY_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
});

export type ProgressConfig = z.infer<typeof progressEnv>;

export const PROGRESS_CONFIG = Symbol('PROGRESS_CONFIG');

export function readProgressConfig(env: NodeJS.ProcessEnv = process.env): ProgressConfig {
  return parseEnv(progressEnv, env);
}
