import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { serveQueries } from '@tandem/messaging';
import type { ServiceName } from '@tandem/persistence';
import { createTestDatabase, deleteBusStreams, type OrmConfigFactory, type TestDatabase } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { configureHttp } from '../src/http/configure-http';
import { gatewayOrmConfig } from '../src/mikro-orm.config';

export interface Gateway {
  app: INestApplication;
  db: TestDatabase;
  url: string;
  close(): Promise<void>;
}

/** A service to run in the same process as the gateway, answering it over NATS. */
export interface BesideService {
  name: ServiceName;
  module: Type;
  orm: OrmConfigFactory;
}

/**
 * The gateway as Nest builds it, on a random port, with its own database and bus namespace; with
 * `beside`, the real service it asks, built from that app's own module in this process.
 */
export async function startGateway(env: Record<string, string> = {}, beside?: BesideService): Promise<Gateway> {
  const db = await createTestDatabase({ gateway: gatewayOrmConfig, ...(beside ? { [beside.name]: beside.orm } : {}) });
  Object.assign(process.env, { GATEWAY_DATABASE_URL: db.urlFor('gateway'), LOG_LEVEL: 'silent', ...env });
  let service: INestApplication | undefined;
  if (beside) {
    process.env[`${beside.name.replaceAll('-', '_').toUpperCase()}_DATABASE_URL`] = db.urlFor(beside.name);
    service = (await Test.createTestingModule({ imports: [beside.module] }).compile()).createNestApplication({ logger: false });
    await serveQueries(service, beside.name);
  }
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    db,
    url,
    close: async () => {
      // Open event streams would keep the server from closing.
      (app.getHttpServer() as { closeAllConnections(): void }).closeAllConnections();
      await app.close();
      await service?.close();
      await deleteBusStreams();
      await db.drop();
    },
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small JSON client for the gateway's API. */
export function apiClient(baseUrl: string) {
  return async <T = Record<string, unknown>>(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  };
}

let counter = 0;
/** A unique, valid registration body. */
export function newAccount(overrides: Record<string, unknown> = {}) {
  counter++;
  const tag = `${Date.now().toString(36)}${counter}`;
  return { email: `user${tag}@example.com`, password: 'correct horse battery', username: `user_${tag}`, firstName: 'Ada', lastName: 'Lovelace', ...overrides };
}

export interface SseEvent {
  id?: string;
  type: string;
  data: unknown;
}

/** Opens GET /v1/events and collects what arrives until closed. */
export async function openEventStream(baseUrl: string, token: string, lastEventId?: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { type: 'message', data: undefined };
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').trimStart();
            if (field === 'id') event.id = value;
            if (field === 'event') event.type = value;
            if (field === 'data') event.data = JSON.parse(value);
          }
          events.push(event);
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    /** Resolves when the server ends the stream. */
    done: reading,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}
