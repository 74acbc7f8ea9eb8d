export { SqliteDatabase, type SqliteOptions } from './sqlite-database.ts';
export { sqliteDialect } from './sqlite-dialect.ts';
