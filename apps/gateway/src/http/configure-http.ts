import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';

import { readGatewayConfig } from '../gateway.config';
import { BodyDepthInterceptor } from './body-limits';
import { ErrorFilter } from './error.filter';
import { API_PREFIX, createOpenApiDocument } from './openapi';
import { HttpValidationPipe } from './validation.pipe';
import { serveWebApp, webAppDir } from './web-app';

/** Everything HTTP-specific about the gateway, shared by main.ts and the tests. */
export function configureHttp(app: INestApplication): void {
  const config = readGatewayConfig();
  (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('trust proxy', trustProxy(config.TRUST_PROXY));
  app.setGlobalPrefix(...API_PREFIX);
  app.use(helmet());
  const origins = config.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length ? origins : false, credentials: false, exposedHeaders: ['Retry-After'] });
  app.useGlobalInterceptors(new BodyDepthInterceptor());
  // Unknown fields are a 400, never silently assigned: zod DTOs are strict, class-validator whitelists.
  app.useGlobalPipes(new HttpValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  const web = webAppDir(config.WEB_DIST_DIR);
  if (web) serveWebApp(app, web);

  // The same document as docs/openapi.json (npm run openapi:generate), served for browsing.
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}

/** TRUST_PROXY as Express takes it: a boolean, a hop count, or a list of addresses and subnets. */
export function trustProxy(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
