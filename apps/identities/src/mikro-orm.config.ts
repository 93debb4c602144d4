import { join } from 'node:path';

import { MESSAGING_ENTITIES } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';

import { IDENTITY_ENTITIES } from './identities/identity.entity';
import { migrations } from './migrations';

/** The identities service's ORM options (schema `identities`); tests pass their own database URL. */
export const identitiesOrmConfig = (clientUrl?: string) =>
  defineServiceConfig({ service: 'identities', entities: [...MESSAGING_ENTITIES, ...IDENTITY_ENTITIES], migrations, migrationsPath: join(__dirname, 'migrations'), clientUrl });

export default identitiesOrmConfig;
