import { MikroORM, type Options } from '@mikro-orm/postgresql';

/** Applies a service's pending migrations as the service's own role; returns their names (callers report them). */
export async function migrate(options: Options): Promise<string[]> {
  const orm = await MikroORM.init({ ...options, debug: false, logger: () => undefined });
  try {
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}
