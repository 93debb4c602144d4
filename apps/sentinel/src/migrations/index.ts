import { MESSAGING_MIGRATIONS } from '@tandem/messaging';

import { Migration20261123050000Sentinel } from './Migration20261123050000Sentinel';
import { Migration20261130080000Episodes } from './Migration20261130080000Episodes';
import { Migration20261130090000SensitiveMemory } from './Migration20261130090000SensitiveMemory';
import { Migration20261130110000MemoryWordIndexes } from './Migration20261130110000MemoryWordIndexes';
import { Migration20261201040000MemoryWordCounts } from './Migration20261201040000MemoryWordCounts';
import { Migration20261201041000DedicatedIndexesByUnitVector } from './Migration20261201041000DedicatedIndexesByUnitVector';
import { Migration20261201042000MemoryWordsFunction } from './Migration20261201042000MemoryWordsFunction';
import { Migration20261201043000MemoryNearestFunction } from './Migration20261201043000MemoryNearestFunction';
import { Migration20261201044000MemoryNearestSettings } from './Migration20261201044000MemoryNearestSettings';

// Every migration of this service, in order. `npm run migration:create -- apps/sentinel/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  Migration20261123050000Sentinel,
  Migration20261130080000Episodes,
  Migration20261130090000SensitiveMemory,
  Migration20261130110000MemoryWordIndexes,
  Migration20261201040000MemoryWordCounts,
  Migration20261201041000DedicatedIndexesByUnitVector,
  Migration20261201042000MemoryWordsFunction,
  Migration20261201043000MemoryNearestFunction,
  Migration20261201044000MemoryNearestSettings,
];
