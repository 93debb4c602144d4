import { MESSAGING_MIGRATIONS } from '@tandem/messaging';

import { Migration20261130060000Progress } from './Migration20261130060000Progress';
import { Migration20261130080000Reports } from './Migration20261130080000Reports';
import { Migration20261130090000Insights } from './Migration20261130090000Insights';
import { Migration20261130100000EnergyValence } from './Migration20261130100000EnergyValence';
import { Migration20261130110000NoteChanges } from './Migration20261130110000NoteChanges';
import { Migration20261130120000NoteTopics } from './Migration20261130120000NoteTopics';

// Every migration of this service, in order. `npm run migration:create -- apps/progress/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  Migration20261130060000Progress,
  Migration20261130080000Reports,
  Migration20261130090000Insights,
  Migration20261130100000EnergyValence,
  Migration20261130110000NoteChanges,
  Migration20261130120000NoteTopics,
];
