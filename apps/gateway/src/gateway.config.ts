import { z } from 'zod';

import { parseEnv } from '@tandem/config';

const gatewayEnv = z.object({
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  /** Requests per minute per IP on /v1/auth/*. */
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Requests per minute per user (per IP when anonymous) everywhere else. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(300),
  /**
   * Which proxies to trust for the client's address (X-Forwarded-For), as Express reads it:
   * `false` (none: the default), `true`, a hop count, or comma-separated addresses/subnets
   * (`loopback`, `10.0.0.0/8`). Rate limits per IP count the address this yields.
   */
  TRUST_PROXY: z.string().default('false'),
  /** Comma-separated allowed origins; empty allows none (same-origin and non-browser clients only). */
  CORS_ORIGINS: z.string().default(''),
  /** How long the gateway waits for a service's answer before a 503. */
  SERVICE_TIMEOUT_MS: z.coerce.number().int().positive().default(3_000),
  /** Also how often an open event stream checks that its session still holds. */
  SSE_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  /** Event streams one user may hold open at once on one gateway replica. */
  SSE_MAX_STREAMS_PER_USER: z.coerce.number().int().positive().default(5),
  /** How long POST /v1/chat/messages streams before handing the reply over to GET /v1/events. */
  CHAT_REPLY_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** How long a stream ticket (POST /v1/auth/stream-tickets) may be used to open GET /v1/events. */
  STREAM_TICKET_TTL_SECONDS: z.coerce.number().int().positive().default(30),
  /** Where the built web app is (apps/web/dist); empty: next to the gateway's build, if present. */
  WEB_DIST_DIR: z.string().default(''),
});

export type GatewayConfig = z.infer<typeof gatewayEnv>;

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseEnv(gatewayEnv, env);
}
