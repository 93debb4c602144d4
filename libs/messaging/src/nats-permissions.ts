import { nkeys } from '@nats-io/transport-node';

import { ensureSecretsFile, readSecretsFile } from '@tandem/config';
import { BUS_ACCESS, answeredQueries, busAccessOf, publishedEvents, type BusService } from '@tandem/contracts';

import { BusNames } from './bus-names';

/**
 * NATS users and their permissions, generated from the contract registry's BUS_ACCESS: a service
 * may publish the events it owns (and the shared ones), the commands and queries it sends, its
 * dead letters and, where declared, users' live subjects; it may pull only from its own durable
 * consumers, each filtered to a subject it declares; it receives replies only on its own inbox
 * prefix. See docs/security.md#the-bus.
 */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** May answer requests (publish to the reply subject of a message it received), once each. */
  allow_responses?: boolean;
}

export interface NatsUser {
  /** Who it is, for people reading the generated file (NATS identifies the user by its key). */
  name: string;
  /** The nkey's public key (U...). The seed stays with the process. */
  nkey: string;
  permissions?: NatsPermissions;
}

/** The two identities that are not services: the migrate step (streams) and, in tests only, a client that may do anything. */
export const PROVISIONER = 'provisioner';
export const TESTER = 'tester';

/** Each connection's reply subjects start with this, so no service can read another's replies. */
export function inboxPrefixOf(identity: string): string {
  return `_INBOX_${identity}`;
}

export interface PermissionOptions {
  /**
   * Subjects carry a namespace: `*` (any one namespace, for a server shared by test files, each
   * with its own) or none (a deployment).
   */
  namespaced?: boolean;
}

/** The wire subjects of a contract subject, with the namespace wildcard when asked. */
function wire(subject: string, { namespaced = false }: PermissionOptions): string {
  return namespaced ? `*.${subject}` : subject;
}

export function servicePermissions(service: BusService, options: PermissionOptions = {}): NatsPermissions {
  const access = busAccessOf(service);
  if (!access) throw new Error(`No bus access is declared for ${service} (libs/contracts/src/bus-access.ts)`);
  const names = new BusNames();
  const publish = [
    ...publishedEvents(service).map((contract) => wire(contract.subject, options)),
    ...access.sends.map((contract) => wire(contract.subject, options)),
    wire(`dlq.${service}.>`, options),
    // JetStream API: check the account and that the streams exist (the migrate step creates them).
    '$JS.API.INFO',
    '$JS.API.STREAM.INFO.*',
  ];
  for (const { contract, handler } of access.consumes) {
    const durable = names.durable(handler ? `${service}__${handler}` : service, contract.subject);
    // The consumer is created with its filter in the subject (NATS 2.9's API), so the permission
    // pins which messages that durable may ever see.
    publish.push(`$JS.API.CONSUMER.CREATE.*.${durable}.${wire(contract.subject, options)}`, `$JS.API.CONSUMER.INFO.*.${durable}`, `$JS.API.CONSUMER.MSG.NEXT.*.${durable}`, `$JS.ACK.*.${durable}.>`);
  }
  const subscribe = [`${inboxPrefixOf(service)}.>`, ...answeredQueries(service).map((contract) => wire(contract.subject, options))];
  if (access.purgesDeadLetters) publish.push(`$JS.API.STREAM.PURGE.${options.namespaced ? '*' : new BusNames().stream('DEADLETTER')}`);
  if (access.live) publish.push(wire('live.user.*', options));
  if (access.live === 'publish-and-subscribe') subscribe.push(wire('live.user.*', options));
  return { publish: { allow: unique(publish) }, subscribe: { allow: unique(subscribe) }, ...(answeredQueries(service).length ? { allow_responses: true } : {}) };
}

/** The migrate step: creates and updates the streams, nothing else. */
export function provisionerPermissions(): NatsPermissions {
  return {
    publish: { allow: ['$JS.API.INFO', '$JS.API.STREAM.INFO.*', '$JS.API.STREAM.CREATE.*', '$JS.API.STREAM.UPDATE.*'] },
    subscribe: { allow: [`${inboxPrefixOf(PROVISIONER)}.>`] },
  };
}

/** A seed per identity (kept secret, given to one process) and its public key (in the server's config). */
export interface NatsIdentity {
  seed: string;
  publicKey: string;
}

export function createNatsIdentity(): NatsIdentity {
  const pair = nkeys.createUser();
  return { seed: new TextDecoder().decode(pair.getSeed()), publicKey: pair.getPublicKey() };
}

export function publicKeyOf(seed: string): string {
  return nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey();
}

export const SERVICE_IDENTITIES = Object.keys(BUS_ACCESS) as BusService[];

/**
 * The users of a Tandem NATS server: one per service, the provisioner, and (for a test server
 * only) the tester, who may do anything. `seeds` maps identity → seed; a missing service is an error.
 */
export function natsUsers(seeds: Record<string, string>, options: PermissionOptions & { tester?: boolean } = {}): NatsUser[] {
  const keyOf = (identity: string) => {
    const seed = seeds[identity];
    if (!seed) throw new Error(`No NATS identity for ${identity}`);
    return publicKeyOf(seed);
  };
  const users: NatsUser[] = SERVICE_IDENTITIES.map((service) => ({ name: service, nkey: keyOf(service), permissions: servicePermissions(service, options) }));
  users.push({ name: PROVISIONER, nkey: keyOf(PROVISIONER), permissions: provisionerPermissions() });
  if (options.tester) users.push({ name: TESTER, nkey: keyOf(TESTER) });
  return users;
}

export interface NatsServerSettings {
  host?: string;
  port: number;
  /** Where JetStream keeps its files. */
  storeDir: string;
  users: NatsUser[];
  /** Serve TLS only (clients then need NATS_TLS_CA_FILE): paths on the server's machine. */
  tls?: { certFile: string; keyFile: string; caFile?: string };
  /** HTTP monitoring port (health checks): none when absent. */
  httpPort?: number;
  /** A member of a JetStream cluster: its unique name, the cluster's name, its route port and its peers' route ports (same host). */
  cluster?: { serverName: string; name: string; port: number; routes: number[] };
}

/**
 * A nats-server configuration (NATS's config format reads JSON values): anonymous connections are
 * refused because every client must present one of these keys.
 */
export function natsServerConfig(settings: NatsServerSettings): string {
  const lines = [
    '# Generated from the contract registry (libs/messaging/src/nats-permissions.ts): do not edit.',
    `listen: ${JSON.stringify(`${settings.host ?? '127.0.0.1'}:${settings.port}`)}`,
    ...(settings.httpPort ? [`http: ${JSON.stringify(`${settings.host ?? '127.0.0.1'}:${settings.httpPort}`)}`] : []),
    `jetstream: ${JSON.stringify({ store_dir: settings.storeDir })}`,
    ...(settings.cluster
      ? [
          `server_name: ${JSON.stringify(settings.cluster.serverName)}`,
          `cluster: ${JSON.stringify({ name: settings.cluster.name, listen: `${settings.host ?? '127.0.0.1'}:${settings.cluster.port}`, routes: settings.cluster.routes.map((port) => `nats-route://${settings.host ?? '127.0.0.1'}:${port}`) })}`,
        ]
      : []),
    ...(settings.tls ? [`tls: ${JSON.stringify({ cert_file: settings.tls.certFile, key_file: settings.tls.keyFile, ...(settings.tls.caFile ? { ca_file: settings.tls.caFile } : {}) })}`] : []),
    natsAuthorization(settings.users),
  ];
  return lines.join('\n');
}

/** The `authorization` block alone (users by public key, with their permissions), for a config that includes it. */
export function natsAuthorization(users: NatsUser[]): string {
  const names = users.map(({ name, nkey }) => `#   ${nkey}: ${name}`);
  // The server drops a client that has not authenticated within `timeout` seconds (2 by default):
  // a busy process can take longer between connecting and signing, so it gets 15.
  const block = `authorization: ${JSON.stringify({ timeout: 15, users: users.map(({ nkey, permissions }) => ({ nkey, ...(permissions ? { permissions } : {}) })) }, null, 2)}`;
  return ['# Users:', ...names, block].join('\n') + '\n';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Every identity a Tandem NATS server knows, for a development or test server (a deployment keeps its seeds in its secret store). */
export const ALL_IDENTITIES = [...SERVICE_IDENTITIES, PROVISIONER, TESTER];

/** The seeds of every identity in a development or test machine's secrets file; created on first use, extended when a service is added. */
export function ensureNatsIdentities(file: string): Record<string, string> {
  return ensureSecretsFile(file, ALL_IDENTITIES, () => createNatsIdentity().seed);
}

export function readNatsIdentities(file: string): Record<string, string> {
  return readSecretsFile(file);
}
