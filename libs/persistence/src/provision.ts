import { Client } from 'pg';

import { withDatabase } from './database-url';
import { roleOf, schemaOf, type ServiceName } from './services';

const DUPLICATE_OBJECT = '42710';
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505'; // concurrent CREATE ROLE / EXTENSION from parallel test files

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

async function ignoring(codes: string[], statement: Promise<unknown>): Promise<void> {
  try {
    await statement;
  } catch (error) {
    if (!codes.includes((error as { code?: string }).code ?? '')) throw error;
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await ignoring([DUPLICATE_DATABASE, UNIQUE_VIOLATION], client.query(`create database ${ident(database)}`));
  });
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`drop database if exists ${ident(database)} with (force)`));
}

/** Login roles are cluster-wide; each service gets one, which owns its schema and nothing else. */
export async function ensureServiceRoles(adminUrl: string, services: readonly ServiceName[], passwordOf: (service: ServiceName) => string | undefined = () => undefined): Promise<void> {
  await withClient(adminUrl, async (client) => {
    for (const service of services) {
      const role = ident(roleOf(service));
      await ignoring([DUPLICATE_OBJECT, UNIQUE_VIOLATION], client.query(`create role ${role} login`));
      // Unqualified names resolve to the service's own schema, then to public for the extension types.
      await client.query(`alter role ${role} set search_path = ${ident(schemaOf(service))}, public`);
      const password = passwordOf(service);
      if (password !== undefined) {
        await client.query(`alter role ${role} password ${client.escapeLiteral(password)}`);
      }
    }
  });
}

/**
 * Prepares one database: the vector and btree_gin extensions (which need a superuser or the database owner,
 * so services cannot create it themselves) and one schema per service owned by its role.
 * PUBLIC keeps no rights on the database beyond connecting, so a role sees only its own schema.
 */
export async function provisionDatabase(adminUrl: string, database: string, services: readonly ServiceName[]): Promise<void> {
  await withClient(withDatabase(adminUrl, database), async (client) => {
    await ignoring([DUPLICATE_OBJECT, UNIQUE_VIOLATION], client.query('create extension if not exists vector'));
    // btree_gin (contrib, trusted): GIN indexes on (user_id, tsvector), so one user's full-text matches are found inside the index.
    await ignoring([DUPLICATE_OBJECT, UNIQUE_VIOLATION], client.query('create extension if not exists btree_gin'));
    for (const service of services) {
      const schema = ident(schemaOf(service));
      await client.query(`create schema if not exists ${schema} authorization ${ident(roleOf(service))}`);
      await client.query(`revoke all on schema ${schema} from public`);
    }
  });
}

export async function hasVectorExtension(adminUrl: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query("select 1 from pg_available_extensions where name = 'vector'");
    return (rowCount ?? 0) > 0;
  });
}
