import { MESSAGING_MIGRATIONS } from '@tandem/messaging';

import { Migration20261123050000Team } from './Migration20261123050000Team';
import { Migration20261130050000Organisations } from './Migration20261130050000Organisations';

// Every migration of this service, in order. `npm run migration:create -- apps/team-connections/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [...MESSAGING_MIGRATIONS, Migration20261123050000Team, Migration20261130050000Organisations];
