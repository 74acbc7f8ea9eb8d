import { createHash } from 'node:crypto';
import type { DbType } from '../database.ts';
import { SchemaError } from '../errors.ts';

// Identifiers are interpolated into DDL, so only names of these shapes ever get there.
const doctypeName = /^[A-Za-z][A-Za-z0-9 _-]{0,60}$/;
const fieldName = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Throws `SchemaError` unless `name` is a DocType name fit for `tab<name>` (letters, digits, space, _ and -). */
export function assertDoctypeName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !doctypeName.test(name))
    throw new SchemaError(`Invalid DocType name: ${String(name)}`);
}

/** Throws `SchemaError` unless `name` is a valid column name (letters, digits, underscore; at most 63). */
export function assertFieldname(name: unknown, doctype: string): asserts name is string {
  if (typeof name !== 'string' || !fieldName.test(name)) {
    throw new SchemaError(`Invalid fieldname in ${doctype}: ${String(name)}`);
  }
}

/**
 * The name Cortado gives a single-column index. MariaDB names are per table (a unique index is named after
 * its column, as Frappe does, so duplicate-key errors name the column); Postgres and SQLite names are per
 * schema, so they carry the table. Long names end in a hash to stay within 63 characters.
 */
export function indexName(dialect: DbType, table: string, column: string, unique: boolean): string {
  const raw =
    dialect === 'mariadb'
      ? unique
        ? column
        : `${column}_index`
      : `${table}_${column}_${unique ? 'unique' : 'index'}`;
  if (raw.length <= 63) return raw;
  return `${raw.slice(0, 52)}_${createHash('sha1').update(raw).digest('hex').slice(0, 10)}`;
}
