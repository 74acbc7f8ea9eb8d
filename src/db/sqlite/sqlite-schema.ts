import type { Queryable } from '../database.ts';
import { columnDefinition } from '../schema/column-sql.ts';
import { unquoteDefault } from '../schema/defaults.ts';
import type { SchemaAdapter } from '../schema/schema-adapter.ts';
import type { ColumnInfo, IndexInfo, TableInfo } from '../schema/types.ts';
import { sqliteDialect } from './sqlite-dialect.ts';

const q = sqliteDialect.quote;

interface PragmaColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** SQLite introspection (pragma table functions) and DDL; type changes and drops rebuild the table. */
export const sqliteSchema: SchemaAdapter = {
  dialect: sqliteDialect,

  async describe(db: Queryable, table: string): Promise<TableInfo | undefined> {
    const exists = await db.one("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", [
      table,
    ]);
    if (!exists) return undefined;
    const rows = await db.all<PragmaColumn & Record<string, unknown>>(
      'SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)',
      [table],
    );
    const columns = new Map<string, ColumnInfo>();
    for (const r of rows) {
      columns.set(r.name, {
        name: r.name,
        type: r.type.toLowerCase(),
        notNull: r.notnull === 1,
        default: unquoteDefault(r.dflt_value),
        defaultSql: r.dflt_value,
        primaryKey: r.pk > 0,
      });
    }
    const list = await db.all<{ name: string; unique: number; origin: string; sql: string | null }>(
      `SELECT l.name AS name, l."unique" AS "unique", l.origin AS origin, m.sql AS sql
       FROM pragma_index_list(?) AS l LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = l.name`,
      [table],
    );
    const indexes: IndexInfo[] = [];
    for (const index of list) {
      const cols = await db.all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [
        index.name,
      ]);
      indexes.push({
        name: index.name,
        columns: cols.map((c) => c.name),
        unique: index.unique === 1,
        primary: index.origin === 'pk',
        sql: index.sql,
      });
    }
    return { columns, indexes };
  },

  sameType: (wanted, actual) => wanted === actual,

  createTable(spec) {
    const columns = spec.columns.map((c) => columnDefinition(sqliteDialect, c)).join(',\n  ');
    return [
      `CREATE TABLE ${q(spec.table)} (\n  ${columns}\n)`,
      ...spec.indexes.map((index) => this.createIndex(spec.table, index)),
    ];
  },

  // SQLite refuses ADD COLUMN with UNIQUE (indexes come separately) or NOT NULL without a default (always set).
  addColumn: (table, column) => [
    `ALTER TABLE ${q(table)} ADD COLUMN ${columnDefinition(sqliteDialect, column)}`,
  ],
  changeColumn: () => 'rebuild',
  dropColumn: () => 'rebuild',

  createIndex: (table, index) =>
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${q(index.name)} ON ${q(table)} (${q(index.column)})`,
  dropIndex: (_table, name) => [`DROP INDEX IF EXISTS ${q(name)}`],
};
