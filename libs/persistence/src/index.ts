export { DEFAULT_ADMIN_URL, DEFAULT_DATABASE, ensureRolePasswords, readDatabaseEnv, redactUrl, rolePasswordOf, serviceDatabaseUrl, serviceDatabaseUrlVariable, withDatabase } from './database-url';
export type { DatabaseEnv } from './database-url';
export { migrate } from './migrate';
export { dropDatabase, ensureDatabase, ensureServiceRoles, hasVectorExtension, provisionDatabase } from './provision';
export { defineServiceConfig } from './service-config';
export type { ServiceConfigInput } from './service-config';
export { SERVICE_NAMES, SERVICE_SCHEMAS, roleOf, schemaOf } from './services';
export type { ServiceName } from './services';
export { VectorType, cosineDistance, hnswIndexSql } from './vector';
