import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { OpenAPIObject } from '@nestjs/swagger';

import { buildOpenApiDocument, renderOpenApi } from '../src/http/openapi';

const ROOT = join(__dirname, '..', '..', '..');
const COMMITTED = join(ROOT, 'docs', 'openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = { operationId?: string; summary?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };
const operationsOf = (document: OpenAPIObject) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ route: `${method.toUpperCase()} ${path}`, operation: item[method] as Operation })),
  );

describe('OpenAPI document (docs/openapi.json)', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await buildOpenApiDocument();
  });

  it('should match what npm run openapi:generate writes', () => {
    if (renderOpenApi(document) !== readFileSync(COMMITTED, 'utf8')) throw new Error('docs/openapi.json is out of date: run `npm run openapi:generate` and commit it');
  });

  it('should give every route a unique operationId and a summary', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter(({ operation }) => !operation.summary || !operation.operationId).map(({ route }) => route)).toEqual([]);
    expect(new Set(operations.map(({ operation }) => operation.operationId)).size).toBe(operations.length);
  });

  it("should carry the contracts' field descriptions (zod .describe) into the schemas and query parameters", () => {
    const schemas = document.components!.schemas as Record<string, { properties: Record<string, { description?: string }> }>;
    const undescribed = ['ChatMessageDto', 'ConversationDto', 'NoteDto', 'IdentityDto', 'GoalDto', 'CommitmentDto', 'TeamProfileDto', 'SuggestionDto'].flatMap((name) =>
      Object.entries(schemas[name]!.properties)
        .filter(([, property]) => !property.description)
        .map(([field]) => `${name}.${field}`),
    );
    expect(undescribed).toEqual([]);
    const parameters = document.paths['/v1/notes']!.get!.parameters as Array<{ name: string; description?: string }>;
    expect(parameters.find((parameter) => parameter.name === 'q')).toMatchObject({ description: expect.stringContaining('best first') });
  });

  it('should describe every error response as problem+json', () => {
    const bare = operationsOf(document).flatMap(({ route, operation }) =>
      Object.entries(operation.responses)
        .filter(([status, response]) => Number(status) >= 400 && !route.includes(' /health') && !response.content?.['application/problem+json'])
        .map(([status]) => `${route} ${status}`),
    );
    expect(bare).toEqual([]);
  });

  it('should document 401 and 429 on a route behind a token, and no 401 on a public one', () => {
    const routes = Object.fromEntries(operationsOf(document).map(({ route, operation }) => [route, operation]));
    expect(Object.keys(routes['GET /v1/me']!.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '429']));
    expect(routes['GET /v1/me']!.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(Object.keys(routes['POST /v1/auth/register']!.responses)).not.toContain('401');
    expect(Object.keys(routes['POST /v1/auth/register']!.responses)).not.toContain('403');
    expect(routes['POST /v1/auth/register']!.security).toEqual([]);
    expect(Object.keys(routes['GET /v1/admin/prompts']!.responses)).toContain('403');
  });

  it("should pass Redocly's recommended rules (redocly.yaml) with no error", async () => {
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    // It exits non-zero when it finds errors; the report on stdout says which.
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', COMMITTED, '--format=json', `--config=${join(ROOT, 'redocly.yaml')}`], { env, cwd: ROOT }).catch(
      (failed: { stdout?: string }) => ({ stdout: failed.stdout ?? '' }),
    );
    const report = JSON.parse(stdout) as { totals: { errors: number }; problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }> };
    const errors = report.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });
});
