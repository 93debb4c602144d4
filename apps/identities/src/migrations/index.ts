import { MESSAGING_MIGRATIONS } from '@tandem/messaging';

import { Migration20261123020000Identities } from './Migration20261123020000Identities';
import { Migration20261130100000IdentityVersions } from './Migration20261130100000IdentityVersions';

// Every migration of this service, in order. `npm run migration:create -- apps/identities/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [...MESSAGING_MIGRATIONS, Migration20261123020000Identities, Migration20261130100000IdentityVersions];
