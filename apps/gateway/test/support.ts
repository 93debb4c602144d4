import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import type { ServiceName } from '@tandem/persistence';
import { compiledOrmConfig, createTestDatabase, deleteBusStreams, startAppProcess, type AppProcess, type TestDatabase } from '@tandem/testing';

export { apiClient, newAccount, openEventStream, type ApiResponse, type SseEvent } from '@tandem/testing';

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
