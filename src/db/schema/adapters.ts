import type { DbType } from '../database.ts';
import { mariadbSchema } from '../mariadb/mariadb-schema.ts';
import { postgresSchema } from '../postgres/postgres-schema.ts';
import { sqliteSchema } from '../sqlite/sqlite-schema.ts';
import type { SchemaAdapter } from './schema-adapter.ts';

const adapters: Record<DbType, SchemaAdapter> = {
  sqlite: sqliteSchema,
  postgres: postgresSchema,
  mariadb: mariadbSchema,
};

/** The schema adapter (introspection + DDL) for a database type. */
export function schemaAdapter(type: DbType): SchemaAdapter {
  return adapters[type];
}
