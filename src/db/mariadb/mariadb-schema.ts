import type { Queryable } from '../database.ts';
import { blanksToNull, columnDefinition, nullsToDefault } from '../schema/column-sql.ts';
import { unquoteDefault } from '../schema/defaults.ts';
import type { SchemaAdapter } from '../schema/schema-adapter.ts';
import type { ColumnInfo, IndexInfo, TableInfo } from '../schema/types.ts';
import { mariadbDialect } from './mariadb-dialect.ts';

const q = mariadbDialect.quote;

/** MariaDB introspection (information_schema of the current database) and DDL (each statement commits). */
export const mariadbSchema: SchemaAdapter = {
  dialect: mariadbDialect,

  async describe(db: Queryable, table: string): Promise<TableInfo | undefined> {
    const rows = await db.all<{
      name: string;
      type: string;
      nullable: string;
      default: string | null;
      ckey: string;
    }>(
      `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS \`default\`,
         COLUMN_KEY AS ckey
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [table],
    );
    if (rows.length === 0) return undefined;
    const columns = new Map<string, ColumnInfo>();
    for (const r of rows) {
      columns.set(r.name, {
        name: r.name,
        type: r.type.toLowerCase(),
        notNull: r.nullable === 'NO',
        default: unquoteDefault(r.default),
        defaultSql: r.default,
        primaryKey: r.ckey === 'PRI',
      });
    }
    const stats = await db.all<{ name: string; non_unique: number; col: string }>(
      `SELECT INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS col
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
       ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [table],
    );
    const byName = new Map<string, IndexInfo>();
    for (const s of stats) {
      let index = byName.get(s.name);
      if (!index) {
        index = {
          name: s.name,
          columns: [],
          unique: Number(s.non_unique) === 0,
          primary: s.name === 'PRIMARY',
        };
        byName.set(s.name, index);
      }
      index.columns.push(s.col);
    }
    return { columns, indexes: [...byName.values()] };
  },

  // MariaDB's JSON is LONGTEXT with a check; information_schema reports longtext.
  sameType: (wanted, actual) => wanted === actual || (wanted === 'json' && actual === 'longtext'),

  createTable(spec) {
    const columns = spec.columns.map((c) => columnDefinition(mariadbDialect, c));
    const indexes = spec.indexes.map(
      (i) => `${i.unique ? 'UNIQUE ' : ''}INDEX ${q(i.name)} (${q(i.column)})`,
    );
    return [
      `CREATE TABLE ${q(spec.table)} (\n  ${[...columns, ...indexes].join(',\n  ')}\n) ENGINE=InnoDB ROW_FORMAT=DYNAMIC CHARACTER SET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    ];
  },

  addColumn: (table, column) => [
    `ALTER TABLE ${q(table)} ADD COLUMN ${columnDefinition(mariadbDialect, column)}`,
  ],

  changeColumn(table, column, current) {
    const t = q(table);
    const out = blanksToNull(mariadbDialect, table, column, current.type);
    if (column.notNull && !current.notNull && column.default !== null) {
      // Change the type while still nullable, fill the NULLs, then tighten: strict mode refuses NULL -> NOT NULL.
      out.push(`ALTER TABLE ${t} MODIFY COLUMN ${q(column.name)} ${column.type} NULL`);
      out.push(...nullsToDefault(mariadbDialect, table, column));
    }
    out.push(`ALTER TABLE ${t} MODIFY COLUMN ${columnDefinition(mariadbDialect, column)}`);
    return out;
  },

  dropColumn: (table, column) => [`ALTER TABLE ${q(table)} DROP COLUMN ${q(column)}`],

  createIndex: (table, index) =>
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(table)} (${q(index.column)})`,
  dropIndex: (table, name) => [`DROP INDEX ${q(name)} ON ${q(table)}`],
};
