import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every process a test starts runs in its own process group (`detached`), so stopping it stops
 * whatever it started too. Each group is recorded twice: in this test file's memory, so the
 * file's last afterAll (infra/jest/stop-processes.js) stops what its tests left running, and as
 * a file under TANDEM_TEST_PROCESSES_DIR, so Jest's global teardown (infra/jest/global-teardown.js)
 * kills what a crashed or timed-out file could not stop.
 */
export interface TrackedProcess {
  child: ChildProcess;
  /** Signals the whole process group; resolves once the leader has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
}

type Stopper = () => Promise<void>;
const REGISTRY = Symbol.for('tandem.testProcesses');
const live = ((globalThis as { [REGISTRY]?: Set<Stopper> })[REGISTRY] ??= new Set<Stopper>());

function registryFile(pid: number): string | undefined {
  const dir = process.env.TANDEM_TEST_PROCESSES_DIR;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return join(dir, String(pid));
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

export function spawnTracked(command: string, args: string[], options: SpawnOptions & { label: string }): TrackedProcess {
  const { label, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true });
  const pid = child.pid;
  const file = pid === undefined ? undefined : registryFile(pid);
  if (file) writeFileSync(file, `${label} (${command} ${args.join(' ')})\n`);
  const hasExited = () => child.exitCode !== null || child.signalCode !== null || pid === undefined;
  const gone = new Promise<void>((resolve) => {
    if (hasExited()) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const forget = () => {
    live.delete(stopper);
    if (file) rmSync(file, { force: true });
  };
  void gone.then(() => {
    // The leader is gone; anything left in its group goes with it.
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    forget();
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!hasExited() && pid !== undefined) signalGroup(pid, signal);
    await gone;
  };
  const stopper: Stopper = async () => {
    if (hasExited() || pid === undefined) return;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };
  live.add(stopper);
  return { child, stop, exited: hasExited };
}

/** Stops every process this test file started and has not stopped (the file's last afterAll). */
export async function stopTrackedProcesses(): Promise<number> {
  const left = [...live];
  await Promise.all(left.map((stop) => stop()));
  return left.length;
}
