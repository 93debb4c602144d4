import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';

import type { Manifest } from './manifests';

const isCnpgCluster = (manifest: Manifest) => manifest.apiVersion === 'postgresql.cnpg.io/v1' && manifest.kind === 'Cluster';

/**
 * Offline schema validation of rendered manifests: the problems of each, in order (none: valid).
 * Kubernetes' own objects and KEDA's through the JSON schemas compiled into `kubernetes-models`
 * and `@kubernetes-models/keda` (validate-models.mjs), CloudNativePG's Cluster through its CRD's
 * OpenAPI schema vendored in infra/k8s/schemas. An object of a kind nobody can check is a
 * problem, not a pass.
 */
export function validateManifests(manifests: Manifest[], schemasDir: string): string[][] {
  const models = manifests.filter((manifest) => !isCnpgCluster(manifest));
  const output = execFileSync(process.execPath, [join(__dirname, 'validate-models.mjs')], {
    input: JSON.stringify(models),
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const modelProblems = JSON.parse(output.toString()) as string[][];
  let next = 0;
  return manifests.map((manifest) => (isCnpgCluster(manifest) ? validateWithCrd(manifest, join(schemasDir, 'postgresql.cnpg.io-v1-Cluster.json')) : modelProblems[next++]!));
}

const crdValidators = new Map<string, ReturnType<Ajv['compile']>>();

function validateWithCrd(manifest: Manifest, schemaFile: string): string[] {
  let validate = crdValidators.get(schemaFile);
  if (!validate) {
    // A CRD schema is OpenAPI 3 with x-kubernetes-* extensions: plain JSON Schema for Ajv once those are allowed.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    validate = ajv.compile(closed(JSON.parse(readFileSync(schemaFile, 'utf8')) as unknown) as object);
    crdValidators.set(schemaFile, validate);
  }
  return validate(manifest) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** The schema with unknown fields refused, as the API server's strict field validation does (a misspelt key must fail here too). */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const node = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([name, child]) => [name, closed(child)])) : closed(value)]),
  );
  const open = 'additionalProperties' in node || node['x-kubernetes-preserve-unknown-fields'] === true;
  return 'properties' in node && !open ? { ...node, additionalProperties: false } : node;
}
