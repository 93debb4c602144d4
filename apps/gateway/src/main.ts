import 'reflect-metadata';

import { runService } from '@tandem/service';

import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';

void runService(AppModule, { name: 'gateway', defaultPort: 3000, configure: configureHttp });
