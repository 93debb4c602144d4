// First: tracing, when OTEL_* asks for it, patches http and pg before anything loads them.
import '@tandem/service/telemetry';
import 'reflect-metadata';

import { serveQueries } from '@tandem/messaging';
import { runService } from '@tandem/service';

import { AppModule } from './app.module';

// Queries are served before listen: the process is ready (health 200) only once it can answer them.
void runService(AppModule, { name: 'sentinel', defaultPort: 3105, configure: (app) => serveQueries(app, 'sentinel') });
