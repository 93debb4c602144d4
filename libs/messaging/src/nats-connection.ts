import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { z } from 'zod';

import { parseEnv } from '@tandem/config';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

const natsEnv = z.object({
  /** One or more comma-separated server URLs of the NATS cluster. */
  NATS_URL: z.string().min(1).default(DEFAULT_NATS_URL),
  /** Prefix for every subject and stream; empty in deployments, unique per test file. */
  BUS_NAMESPACE: z
    .string()
    .regex(/^([a-z][a-z0-9_]*)?$/)
    .default(''),
  /** JetStream replicas per stream: 1 on one server, 3 in a production cluster. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
});

export function readNatsEnv(env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(natsEnv, env);
}

export function natsServers(url = readNatsEnv().NATS_URL): string[] {
  return url.split(',').map((server) => server.trim());
}

/**
 * Connects to NATS and keeps reconnecting for as long as the process lives: a service rides out a
 * restarted server instead of dying with it.
 */
export async function connectNats(name: string, servers = readNatsEnv().NATS_URL): Promise<NatsConnection> {
  return connect({ servers: natsServers(servers), name, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 5_000 });
}

/** Fails unless the server has JetStream enabled for this account. */
export async function assertJetStream(nc: NatsConnection): Promise<void> {
  try {
    const jsm = await jetstreamManager(nc, { timeout: 5_000 });
    await jsm.getAccountInfo();
  } catch (error) {
    throw new Error(`NATS at ${nc.getServer()} has no JetStream (start nats-server with -js): ${(error as Error).message}`);
  }
}
