import { z } from 'zod';

import { parseEnv } from '@tandem/config';

import { roleOf, type ServiceName } from './services';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_DATABASE = 'tandem';

const databaseEnv = z.object({
  /** A role that may create databases and roles; services never connect with it. */
  DATABASE_URL: z.url().default(DEFAULT_ADMIN_URL),
  /** The database the services use; tests make their own. */
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default(DEFAULT_DATABASE),
  /** Password given to every service role (none with trust auth on a developer machine). */
  DATABASE_ROLE_PASSWORD: z.string().optional(),
  /** Connections one service process may open (PostgreSQL's max_connections is shared by every replica). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
});

export type DatabaseEnv = z.infer<typeof databaseEnv>;

export function readDatabaseEnv(env: NodeJS.ProcessEnv = process.env): DatabaseEnv {
  return parseEnv(databaseEnv, env);
}

/** The admin URL pointed at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Where a service connects: `<SERVICE>_DATABASE_URL` when a deployment gives one, otherwise the
 * admin server and database with the service's own role.
 */
export function serviceDatabaseUrl(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[`${service.replaceAll('-', '_').toUpperCase()}_DATABASE_URL`];
  if (explicit) return explicit;
  const { DATABASE_URL, DATABASE_NAME, DATABASE_ROLE_PASSWORD } = readDatabaseEnv(env);
  const parsed = new URL(withDatabase(DATABASE_URL, DATABASE_NAME));
  parsed.username = roleOf(service);
  parsed.password = DATABASE_ROLE_PASSWORD ?? '';
  return parsed.toString();
}

/** A URL safe to log: the password replaced. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
