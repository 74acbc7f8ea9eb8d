import type { Queryable, SqlDialect } from '../database.ts';
import type { ColumnInfo, ColumnSpec, IndexSpec, TableInfo, TableSpec } from './types.ts';

/** What schema sync needs from each database: introspection and the DDL for each change. */
export interface SchemaAdapter {
  readonly dialect: SqlDialect;
  /** The table's columns and indexes, or undefined when there is no such table. */
  describe(q: Queryable, table: string): Promise<TableInfo | undefined>;
  /** Whether an introspected type is the wanted one (aliases such as MariaDB's json = longtext). */
  sameType(wanted: string, actual: string): boolean;
  createTable(spec: TableSpec): string[];
  addColumn(table: string, column: ColumnSpec): string[];
  /** Statements changing a column's type/default/nullability, or 'rebuild' when the table must be rebuilt. */
  changeColumn(table: string, column: ColumnSpec, current: ColumnInfo): string[] | 'rebuild';
  dropColumn(table: string, column: string): string[] | 'rebuild';
  createIndex(table: string, index: IndexSpec): string;
  dropIndex(table: string, name: string): string[];
}
