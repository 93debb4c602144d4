import { timingSafeEqual } from 'node:crypto';

import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, register } from 'prom-client';
import { z } from 'zod';

import { parseEnv, sharedMetric } from '@tandem/config';
import { MessagingLifecycle } from '@tandem/messaging';

const metricsEnv = z.object({
  /** Prometheus presents it as a bearer token; without it /metrics answers 404 (metrics are off). */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
});

const httpSeconds = sharedMetric(
  'tandem_http_request_duration_seconds',
  (name) =>
    new Histogram({
      name,
      help: 'HTTP requests, from arrival to the response sent, by route template and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
);

const dbPool = sharedMetric(
  'tandem_db_pool_connections',
  (name) => new Gauge({ name, help: "This process's PostgreSQL pool: open connections, idle ones, and requests waiting for one.", labelNames: ['state'] as const }),
);

// Process figures (CPU, memory, event-loop lag, GC), once per process.
if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics();

/**
 * Every service's Prometheus side, on its HTTP port: each request timed (the route is Express's
 * template, never the raw path), and GET /metrics for a scraper holding METRICS_TOKEN (401
 * without it, 404 when the variable is unset). It is plain Express, outside Nest's routing, so it
 * never meets an app's own routes, prefix or guards (the gateway's /v1/metrics is a user's).
 */
export function serveMetrics(app: INestApplication): void {
  const token = parseEnv(metricsEnv).METRICS_TOKEN;
  app.use((request: Request, response: Response, next: NextFunction) => {
    const end = httpSeconds.startTimer({ method: request.method });
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      end({ route: route ? `${request.baseUrl}${route}` : 'unmatched', status: String(response.statusCode) });
    });
    next();
  });
  (app.getHttpAdapter().getInstance() as { get(path: string, handler: (request: Request, response: Response) => void): void }).get('/metrics', (request, response) => {
    if (!token) return void response.status(404).json({ statusCode: 404, message: 'Metrics are off: set METRICS_TOKEN to serve them' });
    if (!presents(request.headers.authorization, token)) return void response.status(401).json({ statusCode: 401, message: 'A bearer token (METRICS_TOKEN) is required' });
    void scrape(app).then(
      (body) => response.type(register.contentType).send(body),
      (error: Error) => response.status(500).json({ statusCode: 500, message: `metrics: ${error.message}` }),
    );
  });
}

function presents(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(authorization?.replace(/^Bearer /i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The bus and pool gauges are read at scrape time; a source that fails keeps its last value. */
async function scrape(app: INestApplication): Promise<string> {
  await Promise.allSettled([
    (async () => app.get(MessagingLifecycle, { strict: false }).refreshMetrics())(),
    (async () => {
      const pool = await app.get(MikroORM, { strict: false }).em.getConnection().getNativeClient();
      dbPool.set({ state: 'total' }, pool.totalCount);
      dbPool.set({ state: 'idle' }, pool.idleCount);
      dbPool.set({ state: 'waiting' }, pool.waitingCount);
    })(),
  ]);
  return register.metrics();
}
