import { MESSAGING_MIGRATIONS } from '@tandem/messaging';

import { Migration20261123030000Chat } from './Migration20261123030000Chat';
import { Migration20261123030100SeedPrompts } from './Migration20261123030100SeedPrompts';
import { Migration20261123030200SeedKnowledge } from './Migration20261123030200SeedKnowledge';
import { Migration20261123070000SuggestConnection } from './Migration20261123070000SuggestConnection';
import { Migration20261130010000TurnQueue } from './Migration20261130010000TurnQueue';
import { Migration20261130060000CheckIns } from './Migration20261130060000CheckIns';
import { Migration20261130100000ProgressActions } from './Migration20261130100000ProgressActions';
import { Migration20261130100100ProgressReadModel } from './Migration20261130100100ProgressReadModel';
import { Migration20261201020000MemoryActions } from './Migration20261201020000MemoryActions';
import { Migration20261201020100SessionsAndProfiles } from './Migration20261201020100SessionsAndProfiles';
import { Migration20261201050000AccountName } from './Migration20261201050000AccountName';

// Every migration of this service, in order. `npm run migration:create -- apps/chat/src/mikro-orm.config.ts`
// writes a new file here; add its class to this list.
export const migrations = [
  ...MESSAGING_MIGRATIONS,
  Migration20261123030000Chat,
  Migration20261123030100SeedPrompts,
  Migration20261123030200SeedKnowledge,
  Migration20261123070000SuggestConnection,
  Migration20261130010000TurnQueue,
  Migration20261130060000CheckIns,
  Migration20261130100000ProgressActions,
  Migration20261130100100ProgressReadModel,
  Migration20261201020000MemoryActions,
  Migration20261201020100SessionsAndProfiles,
  Migration20261201050000AccountName,
];
