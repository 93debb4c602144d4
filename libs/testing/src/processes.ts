import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { SERVICE_NAMES, serviceDatabaseUrl, serviceDatabaseUrlVariable, type ServiceName } from '@tandem/persistence';

import { busEnvOf } from './bus';
import { spawnTracked, type TrackedProcess } from './process-groups';
import type { OrmConfigFactory } from './test-database';

const ROOT = join(__dirname, '..', '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  app: string;
  url: string;
  child: TrackedProcess['child'];
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** Signals the app's process group and waits for the app to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Why an app did not become healthy, with what it printed. */
export class AppStartError extends Error {
  constructor(
    readonly app: string,
    reason: string,
    readonly output: string,
  ) {
    super(`${app} did not start: ${reason}\n--- ${app} output ---\n${output.trim() || '(nothing)'}\n--- end of ${app} output ---`);
    this.name = 'AppStartError';
  }
}

/**
 * How long an app may take to answer /health (TANDEM_APP_START_TIMEOUT_MS; 90 s by default).
 * Generous: a healthy app answers as soon as it is up and one that exits is seen at once, so only
 * a slow start (a loaded machine) waits.
 */
const startTimeoutMs = () => Number(process.env.TANDEM_APP_START_TIMEOUT_MS ?? 90_000);

function ownDatabaseUrl(app: string, env: Record<string, string>): Record<string, string> {
  if (!(SERVICE_NAMES as readonly string[]).includes(app)) return {};
  const service = app as ServiceName;
  return { [serviceDatabaseUrlVariable(service)]: serviceDatabaseUrl(service, { ...process.env, ...env }) };
}

/**
 * BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof/{app}": extra flags for each app's node
 * process, `{app}` replaced by its name (the pinned Node refuses --cpu-prof in NODE_OPTIONS). None by default.
 */
const extraNodeArgs = (app: string): string[] =>
  (process.env.BENCH_APP_NODE_ARGS ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((arg) => arg.replaceAll('{app}', app));

/** Where the build (`nx run-many -t build`) puts an app's entry point. */
export function compiledMain(app: string): string {
  return join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
}

/**
 * Starts an app the way `npm start` and the image do, from its compiled JavaScript, as its own OS
 * process in its own process group, and waits until its /health is ready. When it does not get
 * there, the process is stopped and the error carries its output.
 */
export async function startAppProcess(app: string, env: Record<string, string>): Promise<AppProcess> {
  const main = compiledMain(app);
  if (!existsSync(main)) throw new AppStartError(app, `${main} is missing: build the apps first (npx nx run-many -t build)`, '');
  const port = await freePort();
  const bus = await busEnvOf(app, env);
  const tracked = spawnTracked(process.execPath, ['--enable-source-maps', ...extraNodeArgs(app), main], {
    label: `app ${app}`,
    cwd: ROOT,
    // As in a deployment: the app's own database URL and NATS key, not the admin URL or the files of every secret.
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...ownDatabaseUrl(app, env),
      DATABASE_URL: undefined,
      DATABASE_PASSWORDS_FILE: undefined,
      NATS_IDENTITIES_FILE: undefined,
      ...bus,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { child } = tracked;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = startTimeoutMs();
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (spawnError) throw new AppStartError(app, `could not be spawned: ${spawnError.message}`, output);
    if (tracked.exited()) throw new AppStartError(app, `exited with ${child.exitCode ?? child.signalCode} before /health was ready`, output);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
      lastProblem = `/health answered ${response.status}: ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      lastProblem = `/health: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`;
    }
    if (Date.now() >= deadline) {
      await tracked.stop('SIGKILL');
      throw new AppStartError(app, `/health was not ready within ${timeoutMs / 1000} s (last: ${lastProblem})`, output);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    app,
    url,
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') => tracked.stop(signal),
  };
}

/**
 * An app's ORM options factory as its build exports it (dist/apps/<app>/src/mikro-orm.config.js,
 * the file the app itself runs with), for a test database whose schema that app will use as a
 * process. Tests never import another app's source; they reach its schema through its build.
 */
export function compiledOrmConfig(app: string): OrmConfigFactory {
  const file = join(ROOT, 'dist', 'apps', app, 'src', 'mikro-orm.config.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: build the apps first (npx nx run-many -t build)`);
  return (clientUrl) => (require(file) as { default: OrmConfigFactory }).default(clientUrl);
}
