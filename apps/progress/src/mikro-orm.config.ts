import { join } from 'node:path';

import { MESSAGING_ENTITIES } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';

import { migrations } from './migrations';

/**
 * The progress service's ORM options (schema `progress`); tests pass their own database URL. Its
 * tables are read and written in SQL (progress.repository.ts): the scheduler's claims and the
 * metrics are set-based queries, and the rest is small enough not to need entities.
 */
export const progressOrmConfig = (clientUrl?: string) =>
  defineServiceConfig({ service: 'progress', entities: [...MESSAGING_ENTITIES], migrations, migrationsPath: join(__dirname, 'migrations'), clientUrl });

export default progressOrmConfig;
