import type { Queryable } from '../database.ts';
import {
  blanksToNull,
  columnDefinition,
  isTextualType,
  nullsToDefault,
  sqlLiteral,
} from '../schema/column-sql.ts';
import { unquoteDefault } from '../schema/defaults.ts';
import type { SchemaAdapter } from '../schema/schema-adapter.ts';
import type { ColumnInfo, IndexInfo, TableInfo } from '../schema/types.ts';
import { postgresDialect } from './postgres-dialect.ts';

const q = postgresDialect.quote;

/** `character varying(140)` -> `varchar(140)`, `timestamp(6) without time zone` -> `timestamp(6)`, ... */
function canonicalType(formatted: string): string {
  return formatted
    .toLowerCase()
    .replace(/^character varying/, 'varchar')
    .replace(/^numeric/, 'decimal')
    .replace(/ without time zone$/, '');
}

/** PostgreSQL introspection (pg_catalog, current schema) and DDL. DDL is transactional here. */
export const postgresSchema: SchemaAdapter = {
  dialect: postgresDialect,

  async describe(db: Queryable, table: string): Promise<TableInfo | undefined> {
    const rows = await db.all<{
      name: string;
      type: string;
      not_null: boolean;
      default: string | null;
      pk: boolean;
    }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
         pg_get_expr(d.adbin, d.adrelid) AS "default",
         EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey)) AS pk
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
       WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind = 'r'
       ORDER BY a.attnum`,
      [table],
    );
    if (rows.length === 0) return undefined;
    const columns = new Map<string, ColumnInfo>();
    for (const r of rows) {
      columns.set(r.name, {
        name: r.name,
        type: canonicalType(r.type),
        notNull: r.not_null,
        default: unquoteDefault(r.default),
        defaultSql: r.default,
        primaryKey: r.pk,
      });
    }
    const list = await db.all<{ name: string; unique: boolean; primary: boolean; columns: string }>(
      `SELECT ic.relname AS name, i.indisunique AS "unique", i.indisprimary AS "primary",
         string_agg(a.attname::text, ',' ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class ic ON ic.oid = i.indexrelid
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = current_schema() AND t.relname = ?
       GROUP BY ic.relname, i.indisunique, i.indisprimary`,
      [table],
    );
    const indexes: IndexInfo[] = list.map((r) => ({
      name: r.name,
      columns: r.columns.split(','),
      unique: r.unique,
      primary: r.primary,
    }));
    return { columns, indexes };
  },

  sameType: (wanted, actual) => wanted === actual,

  createTable(spec) {
    const columns = spec.columns.map((c) => columnDefinition(postgresDialect, c)).join(',\n  ');
    return [
      `CREATE TABLE ${q(spec.table)} (\n  ${columns}\n)`,
      ...spec.indexes.map((index) => this.createIndex(spec.table, index)),
    ];
  },

  addColumn: (table, column) => [
    `ALTER TABLE ${q(table)} ADD COLUMN ${columnDefinition(postgresDialect, column)}`,
  ],

  changeColumn(table, column, current) {
    const t = q(table);
    const c = q(column.name);
    const alter = (clause: string) => `ALTER TABLE ${t} ALTER COLUMN ${c} ${clause}`;
    const out: string[] = [];
    if (column.type !== current.type) {
      out.push(...blanksToNull(postgresDialect, table, column, current.type));
      // A default of the old type may not cast to the new one: drop it first, set the new one after.
      out.push(alter('DROP DEFAULT'));
      // Text to text keeps Postgres's assignment cast, which fails on too-long values instead of truncating.
      const using =
        isTextualType(column.type) && isTextualType(current.type) ? '' : ` USING ${c}::${column.type}`;
      out.push(alter(`TYPE ${column.type}${using}`));
    }
    if (column.notNull && !current.notNull) out.push(...nullsToDefault(postgresDialect, table, column));
    out.push(
      alter(
        column.default === null
          ? 'DROP DEFAULT'
          : `SET DEFAULT ${sqlLiteral(postgresDialect, column.default)}`,
      ),
    );
    out.push(alter(column.notNull ? 'SET NOT NULL' : 'DROP NOT NULL'));
    return out;
  },

  dropColumn: (table, column) => [`ALTER TABLE ${q(table)} DROP COLUMN ${q(column)}`],

  createIndex: (table, index) =>
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${q(index.name)} ON ${q(table)} (${q(index.column)})`,
  // A unique index made by a UNIQUE constraint can only go with its constraint.
  dropIndex: (table, name) => [
    `ALTER TABLE ${q(table)} DROP CONSTRAINT IF EXISTS ${q(name)}`,
    `DROP INDEX IF EXISTS ${q(name)}`,
  ],
};
