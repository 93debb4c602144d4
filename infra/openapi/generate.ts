/**
 * Writes docs/openapi.json, the gateway's OpenAPI document, built from its controllers without
 * starting a server (Nest's preview mode). The gateway's openapi.spec.ts fails when it drifts.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildOpenApiDocument, renderOpenApi } from '../../apps/gateway/src/http/openapi';

const target = join(__dirname, '..', '..', 'docs', 'openapi.json');

void buildOpenApiDocument().then((document) => {
  writeFileSync(target, renderOpenApi(document));
  console.log(`wrote ${target}`);
});
