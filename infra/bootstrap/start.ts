// Starts every app under apps/ as its own process from its compiled JavaScript (dist/, built by
// `nx run-many -t build` just before; the way the image runs them), prefixes their logs, waits for the gateway's /health, prints its URL, and stops everything on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { readNatsIdentities } from '@tandem/messaging';
import { serviceDatabaseUrl, serviceDatabaseUrlVariable, type ServiceName } from '@tandem/persistence';

const root = join(__dirname, '..', '..');
const apps = readdirSync(join(root, 'apps')).filter((app) => existsSync(join(root, 'apps', app, 'src', 'main.ts')));
const gatewayUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const children = new Map<string, ChildProcess>();
// Each app connects to the project's nats-server as its own user (docs/security.md#the-bus).
const natsSeeds = process.env.NATS_IDENTITIES_FILE ? readNatsIdentities(process.env.NATS_IDENTITIES_FILE) : {};
let stopping = false;

/**
 * What an app gets to reach PostgreSQL and NATS: its own database URL and its own NATS key, never
 * the admin URL or the machine's files of every secret (docs/security.md).
 */
function ownCredentials(app: ServiceName): NodeJS.ProcessEnv {
  return {
    [serviceDatabaseUrlVariable(app)]: serviceDatabaseUrl(app),
    NATS_NKEY_SEED: natsSeeds[app] ?? process.env.NATS_NKEY_SEED,
    DATABASE_URL: undefined,
    DATABASE_PASSWORDS_FILE: undefined,
    NATS_IDENTITIES_FILE: undefined,
  };
}

function startApp(app: string): void {
  const child = spawn(process.execPath, ['--enable-source-maps', join('dist', 'apps', app, 'src', 'main.js')], {
    cwd: root,
    // Only the gateway takes PORT from the caller; every other app keeps its own default port.
    env: { ...process.env, PORT: app === 'gateway' ? process.env.PORT : undefined, ...ownCredentials(app as ServiceName) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${app.padEnd(Math.max(...apps.map((name) => name.length)))} |`;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(app);
    if (!stopping) {
      console.error(`${prefix} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  children.set(app, child);
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error('stopping apps...');
  for (const child of children.values()) child.kill('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (children.size && Date.now() < deadline) await sleep(100);
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const started = Date.now();
apps.forEach(startApp);
waitForHealth(`${gatewayUrl}/health`, 60_000)
  .then(() =>
    console.log(
      `\nTandem is up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${gatewayUrl}  (web app: ${gatewayUrl}/, API: ${gatewayUrl}/v1, docs: ${gatewayUrl}/docs, health: ${gatewayUrl}/health; Ctrl-C stops)\n`,
    ),
  )
  .catch((error: Error) => {
    console.error(error.message);
    void stop(1);
  });
