import 'reflect-metadata';

import { serveQueries } from '@tandem/messaging';
import { runService } from '@tandem/service';

import { AppModule } from './app.module';

void runService(AppModule, { name: 'coach-state', defaultPort: 3102, configure: (app) => serveQueries(app, 'coach-state') });
