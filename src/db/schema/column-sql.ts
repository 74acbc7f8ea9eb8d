import type { SqlDialect } from '../database.ts';
import type { ColumnSpec } from './types.ts';

/**
 * A default value as a SQL literal. DDL cannot bind parameters, so the value (from meta) is quoted here:
 * quotes doubled, and backslashes doubled on MariaDB, where they escape inside strings.
 */
export function sqlLiteral(dialect: SqlDialect, value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  let text = value.replaceAll("'", "''");
  if (dialect.type === 'mariadb') text = text.replaceAll('\\', '\\\\');
  return `'${text}'`;
}

/** `"col" type [NOT NULL] [DEFAULT x] [PRIMARY KEY]` */
export function columnDefinition(dialect: SqlDialect, column: ColumnSpec): string {
  let sql = `${dialect.quote(column.name)} ${column.type}`;
  if (column.notNull) sql += ' NOT NULL';
  if (column.default !== null) sql += ` DEFAULT ${sqlLiteral(dialect, column.default)}`;
  if (column.primaryKey) sql += ' PRIMARY KEY';
  return sql;
}

/** Whether a column type holds numbers. */
export function isNumericType(type: string): boolean {
  return /^(int|integer|bigint|smallint|tinyint|decimal|numeric|real|double|float)\b/.test(type);
}

/** Whether a column type holds text. */
export function isTextualType(type: string): boolean {
  return /^(varchar|char|character|text|longtext|mediumtext|tinytext|json)\b/.test(type);
}

/** Whether a default as introspected equals the wanted one (numbers compared as numbers). */
export function sameDefault(wanted: string | number | null, actual: string | null): boolean {
  if (wanted === null || actual === null) return wanted === actual;
  if (typeof wanted === 'number') return actual.trim() !== '' && Number(actual) === wanted;
  return wanted === actual;
}

/**
 * Statements that make existing values fit a changed column before its type changes: blank strings become
 * NULL when text turns numeric (they cannot convert), as Frappe's MODIFY would do in non-strict mode.
 */
export function blanksToNull(
  dialect: SqlDialect,
  table: string,
  column: ColumnSpec,
  currentType: string,
): string[] {
  if (!isNumericType(column.type) || !isTextualType(currentType)) return [];
  const c = dialect.quote(column.name);
  return [`UPDATE ${dialect.quote(table)} SET ${c} = NULL WHERE TRIM(${c}) = ''`];
}

/** Fills NULLs with the default before a column becomes NOT NULL. */
export function nullsToDefault(dialect: SqlDialect, table: string, column: ColumnSpec): string[] {
  if (!column.notNull || column.default === null) return [];
  const c = dialect.quote(column.name);
  return [
    `UPDATE ${dialect.quote(table)} SET ${c} = ${sqlLiteral(dialect, column.default)} WHERE ${c} IS NULL`,
  ];
}
