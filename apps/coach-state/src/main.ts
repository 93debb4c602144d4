// First: tracing, when OTEL_* asks for it, patches http and pg before anything loads them.
import '@tandem/service/telemetry';
import 'reflect-metadata';

import { serveQueries } from '@tandem/messaging';
import { runService } from '@tandem/service';

import { AppModule } from './app.module';

void runService(AppModule, { name: 'coach-state', defaultPort: 3102, configure: (app) => serveQueries(app, 'coach-state') });
