import { z } from 'zod';

import { parseEnv } from '@tandem/config';

const sentinelEnv = z.object({
  /**
   * Up to this many notes, a user's vector search compares all their notes (perfect recall, about
   * 1.5 ms per 1,000 notes); beyond, it walks the HNSW index with iterative scan, whose recall on
   * one user's slice of the index is far lower (bench/sentinel.bench.ts, docs/sentinel.md).
   */
  SENTINEL_EXACT_SEARCH_MAX_NOTES: z.coerce.number().int().min(0).default(20_000),
  /** HNSW candidate list size per search (pgvector's default is 40; 400 measured best on recall for heavy users). */
  SENTINEL_HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1_000).default(400),
  /** Index tuples an iterative HNSW scan may visit before giving up (pgvector's default is 20,000). */
  SENTINEL_HNSW_MAX_SCAN_TUPLES: z.coerce.number().int().min(1).default(20_000),
  /** HNSW candidate list when a user's search walks their own (dedicated, partial) index: 100 found 0.99-1.00 of the exact top 10 at 25,000 rows (docs/sentinel.md). */
  SENTINEL_DEDICATED_EF_SEARCH: z.coerce.number().int().min(1).max(1_000).default(100),
  /** A user with more rows than this in notes or episodes gets a dedicated HNSW index, built by the sweeper. */
  SENTINEL_DEDICATED_INDEX_MIN_ROWS: z.coerce.number().int().min(1).default(2_000),
  /**
   * How long each class of memory is kept (days, from when it was learned): notes, episodes and,
   * for emotions, emotion readings. Health and emotions are the most sensitive: shortest.
   */
  SENTINEL_RETENTION_DAYS_HEALTH: z.coerce.number().int().min(1).default(180),
  SENTINEL_RETENTION_DAYS_EMOTIONS: z.coerce.number().int().min(1).default(180),
  SENTINEL_RETENTION_DAYS_RELATIONSHIPS: z.coerce.number().int().min(1).default(730),
  SENTINEL_RETENTION_DAYS_WORK: z.coerce.number().int().min(1).default(730),
  SENTINEL_RETENTION_DAYS_OTHER: z.coerce.number().int().min(1).default(730),
  /** How often each replica's memory sweeper runs (dedicated indexes, retention). */
  SENTINEL_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
});

export type SentinelConfig = z.infer<typeof sentinelEnv>;

export const SENTINEL_CONFIG = Symbol('SENTINEL_CONFIG');

export function readSentinelConfig(env: NodeJS.ProcessEnv = process.env): SentinelConfig {
  return parseEnv(sentinelEnv, env);
}
