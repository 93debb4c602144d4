import { z } from 'zod';

import { parseEnv } from '@tandem/config';

const teamEnv = z.object({
  /** An open suggestion (suggested or viewed) nobody answered within this time expires. */
  SUGGESTION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  /** A colleague the user declined is not suggested to them again for this long. */
  DECLINE_COOLDOWN_DAYS: z.coerce.number().nonnegative().default(90),
  /** Answered and expired suggestions are deleted after this long (document 003: one year). */
  SUGGESTION_RETENTION_DAYS: z.coerce.number().positive().default(365),
  /** How often each replica sweeps for suggestions to expire. */
  EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * The cosine similarity below which a text counts as unrelated. Calibrated for the offline word
   * vectors (unrelated texts score ~0.3-0.55 there); a sentence-embedding model needs its own.
   */
  MATCH_SIMILARITY_FLOOR: z.coerce.number().min(-1).max(0.95).default(0.55),
  /** Exposure cap: nobody is suggested to anyone more than this many times in 7 days. */
  EXPOSURE_CAP_PER_WEEK: z.coerce.number().int().positive().default(5),
  /**
   * Joining by a verified email domain trusts the account's email address. Tandem does not prove
   * that a person owns the address they registered with, so this is off until it does (or
   * accounts come from SSO): with it on, anyone could register as x@theirdomain and join.
   */
  ORGANISATION_DOMAIN_JOIN: z
    .enum(['on', 'off'])
    .default('off')
    .transform((value) => value === 'on'),
});

export type TeamConfig = z.infer<typeof teamEnv>;

export const TEAM_CONFIG = Symbol('TEAM_CONFIG');

export function readTeamConfig(env: NodeJS.ProcessEnv = process.env): TeamConfig {
  return parseEnv(teamEnv, env);
}
