// First: tracing, when OTEL_* asks for it, patches http and pg before anything loads them.
import '@tandem/service/telemetry';
import 'reflect-metadata';

import { runService } from '@tandem/service';

import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';

void runService(AppModule, { name: 'gateway', defaultPort: 3000, configure: configureHttp });
