// The database layer's public surface: handles, dialects, errors, schema sync, meta storage, provisioning.
export type { Database, DbType, Queryable, Row, RunResult, SqlDialect, Transaction } from './database.ts';
export {
  DatabaseExistsError,
  DbError,
  DbTimeoutError,
  DbUnavailableError,
  DbUsageError,
  SchemaError,
  UniqueViolation,
  type UniqueViolationDetail,
} from './errors.ts';
export { MariadbDatabase, type MariadbOptions, mariadbDialect } from './mariadb/index.ts';
export * from './meta.ts';
export { type OpenOptions, openDatabase } from './open.ts';
export { PostgresDatabase, type PostgresOptions, postgresDialect } from './postgres/index.ts';
export {
  type ArchiveResult,
  archiveServerDatabase,
  assertServerIdentifier,
  createServerDatabase,
  databaseExists,
  dropServerDatabase,
  type ServerAdmin,
  type ServerDatabaseOptions,
} from './provision.ts';
export * from './schema/index.ts';
export { SiteDatabases, siteOpenOptions } from './site-databases.ts';
export { SqliteDatabase, type SqliteOptions, sqliteDialect } from './sqlite/index.ts';
export { clientGraceMs, type DbTimeouts, dbTimeouts, defaultDbTimeoutSeconds } from './timeouts.ts';
export { bindParams, bindValue, formatDate, formatDatetime, normalizeTemporal } from './values.ts';
export { withTransaction } from './with-transaction.ts';
