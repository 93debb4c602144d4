import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { jetstreamManager } from '@nats-io/jetstream';

import { connectNats, natsServerConfig, natsUsers, readNatsIdentities, type NatsServerSettings } from '@tandem/messaging';

import { expectEventually } from './expect-eventually';
import { spawnTracked, type TrackedProcess } from './process-groups';
import { freePort } from './processes';

export interface NatsServerProcess {
  url: string;
  /** Stops the server (SIGTERM, or SIGKILL when asked) and starts it again on the same port and store. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the server, keeping its port and store for `start()`. */
  halt(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream (the machine's `nats-server` binary) on a free port, for
 * tests that restart the server: the shared one must keep serving every other test file. It has
 * the users of the shared one (NATS_IDENTITIES_FILE) and their generated permissions, or none
 * (anonymous) when the shared server has none.
 */
export async function startNatsServer({ identities = sharedIdentities(), tls }: { identities?: Record<string, string>; tls?: NatsServerSettings['tls'] } = {}): Promise<NatsServerProcess> {
  return launchServer({ port: await freePort(), identities, tls });
}

export interface NatsClusterProcess {
  /** Every member's client URL, comma-separated (NATS_URL takes the list). */
  url: string;
  nodes: NatsServerProcess[];
  stop(): Promise<void>;
}

/**
 * A private JetStream cluster of `size` nats-server processes on this machine, routed to each
 * other, with the users of the shared server: for tests that kill a member while the rest keeps
 * quorum. Streams get their replicas from NATS_STREAM_REPLICAS.
 */
export async function startNatsCluster(size = 3, { identities = sharedIdentities() }: { identities?: Record<string, string> } = {}): Promise<NatsClusterProcess> {
  if (!identities) throw new Error('startNatsCluster needs the NATS identities (NATS_IDENTITIES_FILE): run it through npm test');
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const name = `tandem-test-${process.pid}`;
  const nodes = await Promise.all(
    ports.map((port, i) => launchServer({ port, identities, cluster: { serverName: `${name}-${i + 1}`, name, port: routePorts[i]!, routes: routePorts.filter((_, j) => j !== i) } })),
  );
  const url = nodes.map((node) => node.url).join(',');
  // Ready once JetStream has a meta leader (the members found each other and elected one).
  const nc = await connectNats('test-cluster', url);
  try {
    const jsm = await jetstreamManager(nc);
    await expectEventually(() => jsm.getAccountInfo(), { timeoutMs: 60_000, intervalMs: 250 });
  } finally {
    await nc.close();
  }
  return { url, nodes, stop: async () => void (await Promise.all(nodes.map((node) => node.stop()))) };
}

async function launchServer({
  port,
  identities,
  tls,
  cluster,
}: {
  port: number;
  identities?: Record<string, string>;
  tls?: NatsServerSettings['tls'];
  cluster?: NatsServerSettings['cluster'];
}): Promise<NatsServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-nats-'));
  const storeDir = join(dir, 'store');
  let args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir];
  if (identities) {
    const config = join(dir, 'nats.conf');
    writeFileSync(config, natsServerConfig({ port, storeDir, tls, cluster, users: natsUsers(identities, { namespaced: true, tester: true }) }));
    args = ['-c', config];
  }
  let server: TrackedProcess;
  const launch = async () => {
    server = spawnTracked('nats-server', args, { label: 'nats-server', stdio: 'ignore' });
    let spawnError: Error | undefined;
    server.child.once('error', (error) => (spawnError = error));
    await expectEventually(
      () => {
        if (spawnError) throw new Error(`nats-server could not start (is it installed?): ${spawnError.message}`);
        return portOpen(port);
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    if (spawnError) throw new Error(`nats-server could not start (is it installed?): ${(spawnError as Error).message}`);
  };
  const halt = (signal: NodeJS.Signals = 'SIGTERM') => server.stop(signal);
  await launch();
  return {
    url: `${tls ? 'tls' : 'nats'}://127.0.0.1:${port}`,
    restart: async (signal) => {
      await halt(signal);
      await launch();
    },
    halt,
    start: launch,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sharedIdentities(): Record<string, string> | undefined {
  const file = process.env.NATS_IDENTITIES_FILE;
  return file ? readNatsIdentities(file) : undefined;
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
