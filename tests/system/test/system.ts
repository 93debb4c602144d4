import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { Client } from 'pg';

import { apiClient, compiledMain, compiledOrmConfig, createTestDatabase, deleteBusStreams, expectEventually, startAppProcess, type AppProcess, type TestDatabase } from '@tandem/testing';

const execFileAsync = promisify(execFile);

/** The apps, run from their build (dist/), each migrating its own schema through its compiled ORM config. */
const APPS = ['gateway', 'coach-state', 'identities', 'chat', 'sentinel', 'team-connections', 'progress'] as const;
export type SystemApp = (typeof APPS)[number];

export interface System {
  db: TestDatabase;
  /** The first process of each app. */
  apps: Record<SystemApp, AppProcess>;
  /** Every process of each app (more than one when replicas were asked for). */
  replicas: Record<SystemApp, AppProcess[]>;
  /** Starts another process of an app (a replacement after a kill, or one more replica). */
  addReplica(app: SystemApp): Promise<AppProcess>;
  api: ReturnType<typeof apiClient>;
  gatewayUrl: string;
  /** Runs the operator's admin command (`npm run admin -- <args>`) against this system; resolves with its output. */
  admin(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Every service as its own OS process (as `npm start` runs them) on a fresh database and bus namespace. */
export async function startSystem(env: Record<string, string> = {}, options: { replicas?: Partial<Record<SystemApp, number>> } = {}): Promise<System> {
  const db = await createTestDatabase(Object.fromEntries(APPS.map((app) => [app, compiledOrmConfig(app)])));
  // Up to ten processes at once: a small pool each keeps them well inside max_connections.
  const shared = { DATABASE_NAME: db.name, LOG_LEVEL: 'info', DATABASE_POOL_MAX: '6', ...env };
  const names = [...APPS];
  // Start every process, then look: a failure of one stops the others before the error is thrown.
  const wanted = names.flatMap((app) => Array.from({ length: options.replicas?.[app] ?? 1 }, () => app));
  const results = await Promise.allSettled(wanted.map((app) => startAppProcess(app, shared)));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failures.length) {
    await Promise.all(started.map((app) => app.stop('SIGKILL')));
    await db.drop();
    throw new Error(`the system did not start:\n${failures.map((error) => error.message).join('\n')}`);
  }
  const replicas = Object.fromEntries(names.map((app) => [app, started.filter((process) => process.app === app)])) as Record<SystemApp, AppProcess[]>;
  const apps = Object.fromEntries(names.map((app) => [app, replicas[app][0]!])) as Record<SystemApp, AppProcess>;
  return {
    db,
    apps,
    replicas,
    addReplica: async (app) => {
      const process = await startAppProcess(app, shared);
      replicas[app].push(process);
      return process;
    },
    api: apiClient(apps.gateway.url),
    gatewayUrl: apps.gateway.url,
    admin: async (...args) => {
      const cli = join(dirname(compiledMain('gateway')), 'admin-cli.js');
      const { stdout } = await execFileAsync(process.execPath, [cli, ...args], { env: { ...process.env, NODE_OPTIONS: '', ...shared, ADMIN_BY: 'system-test' } });
      return stdout.trim();
    },
    stop: async () => {
      await Promise.all(
        Object.values(replicas)
          .flat()
          .map((app) => app.stop()),
      );
      await deleteBusStreams();
      await db.drop();
    },
  };
}

export interface StreamedTurn {
  status: number;
  events: Array<{ type: string; data: Record<string, unknown> }>;
}

/** POST /v1/chat/messages with Accept: text/event-stream, read to the end of the reply; `onEvent` hears each event's type as it arrives. */
export async function chatTurn(baseUrl: string, token: string, content: string, onEvent?: (type: string) => void): Promise<StreamedTurn> {
  const response = await fetch(`${baseUrl}/v1/chat/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ content }),
  });
  let text = '';
  let heard = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    const types = [...text.matchAll(/^event: (.*)$/gm)].map((match) => match[1]!);
    for (const type of types.slice(heard)) onEvent?.(type);
    heard = types.length;
  }
  const events = text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return { type, data: data ? (JSON.parse(data) as Record<string, unknown>) : {} };
    });
  return { status: response.status, events };
}

/** One SQL statement on the system's database, as its admin (a connection of its own, so it outlives a PostgreSQL restart). */
export async function sqlOn<T = Record<string, unknown>>(system: System, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: system.db.adminUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Every user posts one message (the 202 path), 50 at a time; resolves with the ids of the stored
 * messages. A 5xx (a replica or a server went away while answering) is retried, as a client
 * would, for up to `retryForMs`, with the same Idempotency-Key: a message stored before the
 * answer was lost is answered again, not stored twice.
 */
export async function postAll(system: System, tokens: string[], content: string, { retryForMs = 10_000 } = {}): Promise<string[]> {
  const post = async (token: string, key = randomUUID(), deadline = Date.now() + retryForMs): Promise<string> => {
    const response = await system
      .api<{ messageId: string }>('POST', '/v1/chat/messages', { token, body: { content }, headers: { 'idempotency-key': key } })
      .catch(() => ({ status: 599, body: { messageId: '' } }));
    if (response.status >= 500 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return post(token, key, deadline);
    }
    expect(response.status).toBe(202);
    return response.body.messageId;
  };
  const ids: string[] = [];
  for (let i = 0; i < tokens.length; i += 50) ids.push(...(await Promise.all(tokens.slice(i, i + 50).map((token) => post(token)))));
  return ids;
}

/** Waits until each message has exactly one coach reply (never two). */
export async function answeredOnceOn(system: System, messageIds: string[], timeoutMs = 120_000): Promise<void> {
  await expectEventually(
    async () => {
      const [counts] = await sqlOn<{ answered: string; twice: string }>(
        system,
        `select count(distinct in_reply_to) as answered, count(*) - count(distinct in_reply_to) as twice from chat.chat_messages where in_reply_to = any($1::uuid[])`,
        [messageIds],
      );
      expect(counts).toEqual({ answered: String(messageIds.length), twice: '0' });
    },
    { timeoutMs, intervalMs: 250 },
  );
}
