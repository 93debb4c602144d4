import { join } from 'node:path';

import { MESSAGING_ENTITIES } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';

import { migrations } from './migrations';
import { TeamProfile } from './profiles/team-profile.entity';
import { ConnectionSuggestion } from './suggestions/connection-suggestion.entity';

/** The team-connections service's ORM options (schema `team`); tests pass their own database URL. */
export const teamConnectionsOrmConfig = (clientUrl?: string) =>
  defineServiceConfig({
    service: 'team-connections',
    entities: [...MESSAGING_ENTITIES, TeamProfile, ConnectionSuggestion],
    migrations,
    migrationsPath: join(__dirname, 'migrations'),
    clientUrl,
  });

export default teamConnectionsOrmConfig;
