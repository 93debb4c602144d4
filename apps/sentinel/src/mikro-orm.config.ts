import { join } from 'node:path';

import { MESSAGING_ENTITIES } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';

import { migrations } from './migrations';
import { SENTINEL_ENTITIES } from './sentinel.entities';

/** The sentinel service's ORM options (schema `sentinel`); tests pass their own database URL. */
export const sentinelOrmConfig = (clientUrl?: string) =>
  defineServiceConfig({ service: 'sentinel', entities: [...MESSAGING_ENTITIES, ...SENTINEL_ENTITIES], migrations, migrationsPath: join(__dirname, 'migrations'), clientUrl });

export default sentinelOrmConfig;
