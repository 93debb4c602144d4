import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A development or test machine's stand-in for a secret store: one JSON file (name → secret), readable by its owner only. */
export function readSecretsFile(file: string): Record<string, string> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

/** The file's secrets, with one created for each name that has none yet (written back when any was). */
export function ensureSecretsFile(file: string, names: readonly string[], create: (name: string) => string): Record<string, string> {
  const secrets = readSecretsFile(file);
  const missing = names.filter((name) => !secrets[name]);
  if (missing.length) {
    for (const name of missing) secrets[name] = create(name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  return secrets;
}
