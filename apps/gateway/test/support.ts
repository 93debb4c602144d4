import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import type { ServiceName } from '@tandem/persistence';
import { compiledOrmConfig, createTestDatabase, deleteBusStreams, startAppProcess, type AppProcess, type TestDatabase } from '@tandem/testing';

export { apiClient, newAccount, type ApiResponse } from '@tandem/testing';

import { AppModule } from '../src/app.module';
import { configureHttp } from '../src/http/configure-http';
import { gatewayOrmConfig } from '../src/mikro-orm.config';

export interface Gateway {
  app: INestApplication;
  db: TestDatabase;
  url: string;
  close(): Promise<void>;
}

/**
 * The gateway as Nest builds it, on a random port, with its own database and bus namespace; with
 * `beside`, the real service it asks, run as its own process from that app's build (dist/): the
 * gateway's tests never import another app's source.
 */
export async function startGateway(env: Record<string, string> = {}, beside?: ServiceName): Promise<Gateway> {
  const db = await createTestDatabase({ gateway: gatewayOrmConfig, ...(beside ? { [beside]: compiledOrmConfig(beside) } : {}) });
  Object.assign(process.env, { GATEWAY_DATABASE_URL: db.urlFor('gateway'), LOG_LEVEL: 'silent', ...env });
  let service: AppProcess | undefined;
  try {
    if (beside) service = await startAppProcess(beside, { DATABASE_NAME: db.name, LOG_LEVEL: 'warn', ...env });
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
        await service?.stop();
        await deleteBusStreams();
        await db.drop();
      },
    };
  } catch (error) {
    await service?.stop('SIGKILL');
    await db.drop();
    throw error;
  }
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
