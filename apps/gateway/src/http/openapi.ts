import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

import { AppModule } from '../app.module';
import { SESSION_COOKIE } from '../auth/browser-session';
import { completeDocument, routeFacts } from './openapi-document';

/** Every route under /v1 but health, which probes call at the root. */
export const API_PREFIX: Parameters<INestApplication['setGlobalPrefix']> = ['v1', { exclude: ['health', 'health/{*path}'] }];

/**
 * The gateway's OpenAPI document, as served at /docs-json and committed as docs/openapi.json:
 * what @nestjs/swagger reads from the controllers, completed with what holds for every route
 * (operation ids, the problem+json errors, the statuses the guards and pipes answer).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const facts = routeFacts(AppModule);
  const config = new DocumentBuilder()
    .setTitle('Tandem API')
    .setDescription(
      'The public HTTP API of Tandem, an AI coaching backend. Every route needs `Authorization: Bearer <token>` unless it says otherwise; errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This gateway')
    .addBearerAuth()
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The browser session (POST /v1/auth/browser/login); unsafe methods also need its X-CSRF-Token header' },
      'session',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => facts.operationId(controller, method) });
  return completeDocument(document, facts);
}

/**
 * The document without a running gateway: Nest's preview mode builds the module graph without
 * creating a provider, so nothing connects to PostgreSQL or NATS.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    app.setGlobalPrefix(...API_PREFIX);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** docs/openapi.json as written: stable (the document is built deterministically), two-space JSON. */
export function renderOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
