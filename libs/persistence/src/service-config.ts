import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';

import { readDatabaseEnv, serviceDatabaseUrl } from './database-url';
import { DeferredBeginClient } from './deferred-begin-client';
import { schemaOf, type ServiceName } from './services';

type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

export interface ServiceConfigInput {
  service: ServiceName;
  entities: Options['entities'];
  /** The app's migrations folder; `migration:create` writes there. */
  migrationsPath: string;
  /** The same migrations as classes, listed in order, so running them needs no file discovery. */
  migrations: readonly MigrationClass[];
  /** Overrides the URL derived from the environment (tests pass their own database). */
  clientUrl?: string;
}

/**
 * MikroORM options for one service: its own role, its own schema (where its migrations table
 * lives too), its migrations in its own app folder, legacy decorators read through
 * reflect-metadata, and connections that save a round trip per transaction (DeferredBeginClient).
 */
export function defineServiceConfig(input: ServiceConfigInput): Options {
  const schema = schemaOf(input.service);
  return defineConfig({
    clientUrl: input.clientUrl ?? serviceDatabaseUrl(input.service),
    schema,
    entities: input.entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    forceUtcTimezone: true,
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: input.migrationsPath,
      pathTs: input.migrationsPath,
      migrationsList: input.migrations.map((migration) => ({ name: migration.name, class: migration })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: { min: 0, max: readDatabaseEnv().DATABASE_POOL_MAX },
    // Passed to pg's Pool: every pooled connection sends `begin` with the transaction's first statement.
    driverOptions: { Client: DeferredBeginClient },
  });
}
