import { Migration20261123000000Messaging, Migration20261130000000Erasures } from '@tandem/messaging';

import { Migration20261123020000Identities } from './Migration20261123020000Identities';

// Every migration of this service, in order. `npm run migration:create -- apps/identities/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [Migration20261123000000Messaging, Migration20261123020000Identities, Migration20261130000000Erasures];
