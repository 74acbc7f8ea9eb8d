import type { DbType } from '../database.ts';
import { sameDefault } from './column-sql.ts';
import { indexName } from './identifiers.ts';
import type { SchemaAdapter } from './schema-adapter.ts';
import type { ColumnInfo, ColumnSpec, IndexInfo, IndexSpec, TableInfo, TableSpec } from './types.ts';

/** What it takes to turn an existing table into its spec. */
export interface TableDiff {
  add: ColumnSpec[];
  change: Array<{ column: ColumnSpec; current: ColumnInfo }>;
  drop: string[];
  addIndexes: IndexSpec[];
  dropIndexes: IndexInfo[];
}

/** Compares a table with its spec. Columns not in the spec are dropped only when `dropColumns` is set. */
export function diffTable(
  adapter: SchemaAdapter,
  spec: TableSpec,
  info: TableInfo,
  dropColumns: boolean,
): TableDiff {
  const diff: TableDiff = { add: [], change: [], drop: [], addIndexes: [], dropIndexes: [] };
  const wanted = new Set(spec.columns.map((c) => c.name));
  for (const column of spec.columns) {
    const current = info.columns.get(column.name);
    if (!current) diff.add.push(column);
    // The primary key is never altered: its type is the same on every table Cortado makes.
    else if (!column.primaryKey && !sameColumn(adapter, column, current))
      diff.change.push({ column, current });
  }
  if (dropColumns) for (const name of info.columns.keys()) if (!wanted.has(name)) diff.drop.push(name);
  const { addIndexes, dropIndexes } = diffIndexes(adapter.dialect.type, spec, info, new Set(diff.drop));
  diff.addIndexes = addIndexes;
  diff.dropIndexes = dropIndexes;
  return diff;
}

/**
 * Indexes to add (wanted, missing) and drop: a unique index on a field column that is no longer unique, and
 * a search index Cortado made on a column that no longer wants one. Other indexes are left alone.
 */
export function diffIndexes(
  dialect: DbType,
  spec: TableSpec,
  info: TableInfo,
  droppedColumns: ReadonlySet<string> = new Set(),
): Pick<TableDiff, 'addIndexes' | 'dropIndexes'> {
  const single = info.indexes.filter((i) => !i.primary && i.columns.length === 1);
  const has = (column: string, unique: boolean) =>
    single.some((i) => i.columns[0] === column && i.unique === unique);
  const wants = (column: string, unique: boolean) =>
    spec.indexes.some((i) => i.column === column && i.unique === unique);
  const managed = new Set(spec.columns.filter((c) => !c.primaryKey).map((c) => c.name));
  const addIndexes = spec.indexes.filter((i) => !has(i.column, i.unique));
  const dropIndexes = single.filter((i) => {
    const column = i.columns[0]!;
    if (!managed.has(column) || droppedColumns.has(column) || wants(column, i.unique)) return false;
    return i.unique || i.name === indexName(dialect, spec.table, column, false);
  });
  return { addIndexes, dropIndexes };
}

function sameColumn(adapter: SchemaAdapter, column: ColumnSpec, current: ColumnInfo): boolean {
  return (
    adapter.sameType(column.type, current.type) &&
    column.notNull === current.notNull &&
    sameDefault(column.default, current.default)
  );
}
