import { MESSAGING_MIGRATIONS } from '@tandem/messaging';

import { Migration20261123020000CoachStates } from './Migration20261123020000CoachStates';

// Every migration of this service, in order. `npm run migration:create -- apps/coach-state/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [...MESSAGING_MIGRATIONS, Migration20261123020000CoachStates];
