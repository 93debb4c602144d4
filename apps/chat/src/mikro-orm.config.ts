import { join } from 'node:path';

import { MESSAGING_ENTITIES } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';

import { CHAT_ENTITIES } from './chat.entities';
import { migrations } from './migrations';

/** The chat service's ORM options (schema `chat`); tests pass their own database URL. */
export const chatOrmConfig = (clientUrl?: string) =>
  defineServiceConfig({ service: 'chat', entities: [...MESSAGING_ENTITIES, ...CHAT_ENTITIES], migrations, migrationsPath: join(__dirname, 'migrations'), clientUrl });

export default chatOrmConfig;
