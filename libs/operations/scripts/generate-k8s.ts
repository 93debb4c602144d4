// Writes infra/k8s (the kustomization, one file per service, the migrate Job, PostgreSQL, config
// and example secrets) from the service table and BUS_ACCESS. `--check` fails when the files on
// disk differ from what would be written (the manifests test runs it).
// Usage: npm run k8s:generate [-- --check]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { generatedFiles } from '../src/k8s/kustomize';

const dir = join(__dirname, '..', '..', '..', 'infra', 'k8s');
const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, content] of Object.entries(generatedFiles())) {
  const file = join(dir, path);
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(path);
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
if (stale.length) {
  console.error(`infra/k8s is stale (${stale.join(', ')}): run npm run k8s:generate`);
  process.exit(1);
}
console.error(check ? 'infra/k8s is up to date' : `infra/k8s written`);
