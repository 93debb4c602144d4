import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Logger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths the web app never answers: the API, its documents, health and metrics stay the gateway's. */
const NOT_THE_APP = /^\/(v1|docs|docs-json|health|metrics)(\/|$)/i;

/**
 * Where the built web app is: WEB_DIST_DIR, or dist/apps/web beside the compiled gateway
 * (dist/apps/gateway/src/http). Null when there is no build there (a gateway run from source).
 */
export function webAppDir(configured: string, here = __dirname): string | null {
  const dir = configured ? resolve(configured) : resolve(here, '..', '..', '..', 'web');
  return existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets')) ? dir : null;
}

/**
 * Serves the web app on the gateway's own origin, so the browser session cookie is first-party
 * and CORS stays closed: hashed assets cached for a year, and index.html (never cached) for every
 * other GET that asks for HTML, except the API's, documents', health and metrics paths.
 */
export function serveWebApp(app: INestApplication, dir: string): void {
  const index = join(dir, 'index.html');
  (app as NestExpressApplication).useStaticAssets(dir, {
    index: false,
    setHeaders: (response, path) => response.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_THE_APP.test(request.path) || /\.[a-z0-9]+$/i.test(request.path) || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  new Logger('WebApp').log(`serving the web app from ${dir}`);
}
