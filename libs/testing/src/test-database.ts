import { randomBytes } from 'node:crypto';

import type { Options } from '@mikro-orm/postgresql';

import { dropDatabase, ensureDatabase, ensureServiceRoles, migrate, provisionDatabase, readDatabaseEnv, roleOf, rolePasswordOf, withDatabase, type ServiceName } from '@tandem/persistence';

/** A service's MikroORM options for a given connection URL (each app exports one). */
export type OrmConfigFactory = (clientUrl: string) => Options;

export interface TestDatabase {
  readonly name: string;
  /** The admin URL of this database (superuser: for assertions that look past the services' roles). */
  readonly adminUrl: string;
  /** Where a service's role connects in this database. */
  urlFor(service: ServiceName): string;
  ormConfig(service: ServiceName): Options;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: the vector extension, a schema and role per service, and
 * each service's migrations applied as that role. Drop it in afterAll.
 */
export async function createTestDatabase(orm: Partial<Record<ServiceName, OrmConfigFactory>>, extraServices: ServiceName[] = []): Promise<TestDatabase> {
  const { DATABASE_URL } = readDatabaseEnv();
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  if (!name.includes('test')) throw new Error(`Refusing to use a database whose name lacks "test": ${name}`);
  const services = [...new Set([...(Object.keys(orm) as ServiceName[]), ...extraServices])];

  // Roles are cluster-wide: the bootstrap set their passwords once (parallel ALTER ROLEs would collide).
  await ensureServiceRoles(DATABASE_URL, services);
  await ensureDatabase(DATABASE_URL, name);
  await provisionDatabase(DATABASE_URL, name, services);

  const urlFor = (service: ServiceName): string => {
    const url = new URL(withDatabase(DATABASE_URL, name));
    url.username = roleOf(service);
    url.password = rolePasswordOf(service) ?? '';
    return url.toString();
  };
  const ormConfig = (service: ServiceName): Options => {
    const factory = orm[service];
    if (!factory) throw new Error(`No ORM config given for ${service}`);
    return factory(urlFor(service));
  };
  for (const service of Object.keys(orm) as ServiceName[]) await migrate(ormConfig(service));

  return {
    name,
    adminUrl: withDatabase(DATABASE_URL, name),
    urlFor,
    ormConfig,
    drop: () => dropDatabase(DATABASE_URL, name),
  };
}
