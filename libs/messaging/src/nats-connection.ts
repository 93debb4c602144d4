import { connect, nkeyAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { z } from 'zod';

import { parseEnv } from '@tandem/config';

import { inboxPrefixOf } from './nats-permissions';

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
  /**
   * This process's identity on the bus: the seed of its NATS user nkey (docs/security.md#the-bus).
   * Unset only against a server without authentication.
   */
  NATS_NKEY_SEED: z
    .string()
    .regex(/^SU[A-Z2-7]{56}$/, 'an nkey user seed (SU...)')
    .optional(),
  /** TLS to the server: the CA that signed its certificate; a client certificate and key when the server asks for one. */
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  NATS_TLS_CERT_FILE: z.string().min(1).optional(),
  NATS_TLS_KEY_FILE: z.string().min(1).optional(),
});

export function readNatsEnv(env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(natsEnv, env);
}

export function natsServers(url = readNatsEnv().NATS_URL): string[] {
  return url.split(',').map((server) => server.trim());
}

/**
 * How a process of `identity` connects: its nkey, TLS when configured, and replies on its own inbox
 * prefix (the server lets each identity read only its own). Shared by every connection of a
 * service: messaging, and the query transport.
 */
export function natsConnectionOptions(identity: string, env: NodeJS.ProcessEnv = process.env): NodeConnectionOptions {
  const { NATS_URL, NATS_NKEY_SEED, NATS_TLS_CA_FILE, NATS_TLS_CERT_FILE, NATS_TLS_KEY_FILE } = readNatsEnv(env);
  const tls = NATS_TLS_CA_FILE || NATS_TLS_CERT_FILE ? { caFile: NATS_TLS_CA_FILE, certFile: NATS_TLS_CERT_FILE, keyFile: NATS_TLS_KEY_FILE } : undefined;
  return {
    servers: natsServers(NATS_URL),
    inboxPrefix: inboxPrefixOf(identity),
    // Every connection (the query transport's too) rides out a restarted server instead of giving up after 10 tries.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Otherwise every request (each JetStream publish) builds an Error up front for its stack
    // trace: about 6% of the messaging path's CPU. A failed request still says what failed.
    noAsyncTraces: true,
    ...(NATS_NKEY_SEED ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(NATS_NKEY_SEED)) } : {}),
    ...(tls ? { tls } : {}),
  };
}

/**
 * Connects to NATS and keeps reconnecting for as long as the process lives: a service rides out a
 * restarted server instead of dying with it. `identity` is the service (or tool) the connection acts for.
 */
export async function connectNats(identity: string, servers?: string, env: NodeJS.ProcessEnv = process.env): Promise<NatsConnection> {
  const options = natsConnectionOptions(identity, env);
  return connect({ ...options, ...(servers ? { servers: natsServers(servers) } : {}), name: identity, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 20_000 });
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
