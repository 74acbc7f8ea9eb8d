export { PostgresDatabase, type PostgresOptions } from './postgres-database.ts';
export { postgresDialect } from './postgres-dialect.ts';
export { toPositional } from './postgres-placeholders.ts';
