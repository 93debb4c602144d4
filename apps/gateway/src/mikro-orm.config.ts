import { join } from 'node:path';

import { MESSAGING_ENTITIES } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';

import { ACCOUNT_ENTITIES } from './accounts/account.entities';
import { StreamTicket } from './auth/stream-ticket.entity';
import { migrations } from './migrations';
import { TEST_SCENARIO_ENTITIES } from './scenarios/test-scenario.entities';

/** The gateway's ORM options (schema `accounts`); tests pass their own database URL. */
export const gatewayOrmConfig = (clientUrl?: string) =>
  defineServiceConfig({
    service: 'gateway',
    entities: [...MESSAGING_ENTITIES, ...ACCOUNT_ENTITIES, ...TEST_SCENARIO_ENTITIES, StreamTicket],
    migrations,
    migrationsPath: join(__dirname, 'migrations'),
    clientUrl,
  });

export default gatewayOrmConfig;
