// `npm run openapi:generate`: writes docs/openapi.json, the document the gateway serves at
// /docs-json. The gateway starts in Nest's preview mode (its modules and routes, no database or
// bus connection) on a free local port, and the document is read from its own /docs-json.
import 'reflect-metadata';

import { writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { NestFactory } from '@nestjs/core';

import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';

const ROOT = join(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: ['error'] });
  configureHttp(app);
  // Preview mode may not listen: serve its Express instance, where the document route lives.
  const server = createServer(app.getHttpAdapter().getInstance() as RequestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/docs-json`);
    if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
    const document: unknown = await response.json();
    const path = join(ROOT, 'docs', 'openapi.json');
    writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`wrote ${path}`);
  } finally {
    server.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
