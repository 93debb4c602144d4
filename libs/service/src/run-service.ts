import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { z } from 'zod';

import { parseEnv } from '@tandem/config';

import { serveMetrics } from './metrics';

export interface RunServiceOptions {
  name: string;
  defaultPort: number;
  /** App-specific HTTP set-up (prefixes, validation, OpenAPI) before listening. */
  configure?: (app: INestApplication) => unknown;
}

/** Starts a service's HTTP side (health and, for the gateway, the API) with its logs and graceful shutdown. */
export async function runService(rootModule: unknown, options: RunServiceOptions): Promise<INestApplication> {
  const { PORT, HOST } = parseEnv(z.object({ PORT: z.coerce.number().int().min(0).max(65535).default(options.defaultPort), HOST: z.string().default('0.0.0.0') }));
  const app = await NestFactory.create(rootModule as never, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  serveMetrics(app);
  await options.configure?.(app);
  await app.listen(PORT, HOST);
  logger.log(`${options.name} listening on ${await app.getUrl()}`, 'Bootstrap');
  return app;
}
