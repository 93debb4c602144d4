import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expectEventually } from './expect-eventually';
import { freePort } from './processes';

export interface NatsServerProcess {
  url: string;
  /** Stops the server (SIGTERM, or SIGKILL when asked) and starts it again on the same port and store. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream (the machine's `nats-server` binary) on a free port, for
 * tests that restart the server: the shared one must keep serving every other test file.
 */
export async function startNatsServer(): Promise<NatsServerProcess> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'tandem-nats-'));
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
    child.once('error', (error) => {
      throw new Error(`nats-server could not start (is it installed?): ${error.message}`);
    });
    await expectEventually(() => portOpen(port), { timeoutMs: 10_000, intervalMs: 100 });
  };
  const halt = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    restart: async (signal) => {
      await halt(signal);
      await launch();
    },
    stop: async () => {
      await halt();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

function portOpen(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}
