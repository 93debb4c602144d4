import { join } from 'node:path';

import { MESSAGING_ENTITIES } from '@tandem/messaging';
import { defineServiceConfig } from '@tandem/persistence';

import { CoachState } from './coach-state/coach-state.entity';
import { migrations } from './migrations';

/** The coach-state service's ORM options (schema `coach_state`); tests pass their own database URL. */
export const coachStateOrmConfig = (clientUrl?: string) =>
  defineServiceConfig({ service: 'coach-state', entities: [...MESSAGING_ENTITIES, CoachState], migrations, migrationsPath: join(__dirname, 'migrations'), clientUrl });

export default coachStateOrmConfig;
