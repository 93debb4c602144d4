import { MESSAGING_MIGRATIONS } from '@tandem/messaging';

import { Migration20261123010000Accounts } from './Migration20261123010000Accounts';
import { Migration20261123060000TestScenarios } from './Migration20261123060000TestScenarios';
import { Migration20261130020000RateLimits } from './Migration20261130020000RateLimits';
import { Migration20261130030000AdminGrants } from './Migration20261130030000AdminGrants';
import { Migration20261130040000ErasureReceipts } from './Migration20261130040000ErasureReceipts';
import { Migration20261130051000TeamOfTenOrganisation } from './Migration20261130051000TeamOfTenOrganisation';
import { Migration20261130060000ProgressScenario } from './Migration20261130060000ProgressScenario';
import { Migration20261201000000StreamTickets } from './Migration20261201000000StreamTickets';

// Every migration of this service, in order. `npm run migration:create -- apps/gateway/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  Migration20261123010000Accounts,
  Migration20261123060000TestScenarios,
  Migration20261130020000RateLimits,
  Migration20261130030000AdminGrants,
  Migration20261130040000ErasureReceipts,
  Migration20261130051000TeamOfTenOrganisation,
  Migration20261130060000ProgressScenario,
  Migration20261201000000StreamTickets,
];
