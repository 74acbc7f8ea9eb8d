import {
  intFieldtypes,
  noColumnFieldtypes,
  notNullFieldtypes,
  unindexableFieldtypes,
} from '../../fieldtypes/index.ts';
import type { DbType } from '../database.ts';
import { SchemaError } from '../errors.ts';
import { type DocTypeMeta, tableName } from '../meta.ts';
import { assertDoctypeName, assertFieldname, indexName } from './identifiers.ts';
import { columnType, standardTypes } from './type-map.ts';
import type { ColumnSpec, IndexSpec, TableSpec } from './types.ts';

/** Frappe's optional columns on every non-child table (tags, comments, assignments, likes). */
export const optionalColumns = ['_user_tags', '_comments', '_assign', '_liked_by'] as const;

// Defaults Frappe resolves per document; they never become column defaults.
const dynamicDefaults = new Set(['Today', '_Today', 'Now', '__user']);

/**
 * The table a DocType needs on a database: standard columns, child or optional columns, one column per
 * field that holds a value, an index on `modified` (and `parent` for child tables), and unique/search
 * indexes per field.
 */
export function tableSpec(meta: DocTypeMeta, dialect: DbType): TableSpec {
  assertDoctypeName(meta.name);
  const table = tableName(meta.name);
  const t = standardTypes(dialect);
  const columns: ColumnSpec[] = [
    { name: 'name', type: t.varchar, notNull: true, default: null, primaryKey: true },
    { name: 'creation', type: t.datetime, notNull: false, default: null },
    { name: 'modified', type: t.datetime, notNull: false, default: null },
    { name: 'modified_by', type: t.varchar, notNull: false, default: null },
    { name: 'owner', type: t.varchar, notNull: false, default: null },
    { name: 'docstatus', type: t.flag, notNull: true, default: 0 },
    { name: 'idx', type: t.int, notNull: true, default: 0 },
  ];
  if (meta.istable) {
    for (const name of ['parent', 'parentfield', 'parenttype']) {
      columns.push({ name, type: t.varchar, notNull: false, default: null });
    }
  } else {
    for (const name of optionalColumns) columns.push({ name, type: 'text', notNull: false, default: null });
    if (meta.track_seen) columns.push({ name: '_seen', type: 'text', notNull: false, default: null });
  }
  const reserved = new Set(columns.map((c) => c.name));
  const indexes: IndexSpec[] = [index(dialect, table, 'modified', false)];
  if (meta.istable) indexes.push(index(dialect, table, 'parent', false));

  const seen = new Set<string>();
  for (const field of meta.fields ?? []) {
    assertFieldname(field.fieldname, meta.name);
    if (seen.has(field.fieldname))
      throw new SchemaError(`Duplicate fieldname in ${meta.name}: ${field.fieldname}`);
    seen.add(field.fieldname);
    if (noColumnFieldtypes.has(field.fieldtype) || field.is_virtual || reserved.has(field.fieldname))
      continue;
    const type = columnType(dialect, field);
    if (!type) continue;
    columns.push({ name: field.fieldname, type, ...columnDefault(field.fieldtype, field.default) });
    if (unindexableFieldtypes.has(field.fieldtype)) continue;
    if (field.unique) indexes.push(index(dialect, table, field.fieldname, true));
    else if (field.search_index) indexes.push(index(dialect, table, field.fieldname, false));
  }
  return { table, columns, indexes };
}

function index(dialect: DbType, table: string, column: string, unique: boolean): IndexSpec {
  return { name: indexName(dialect, table, column, unique), column, unique };
}

// Frappe's DbColumn.get_definition: numeric types are NOT NULL with a numeric default; others take a
// literal default when the field has a static one.
function columnDefault(fieldtype: string, value: unknown): Pick<ColumnSpec, 'notNull' | 'default'> {
  if (notNullFieldtypes.has(fieldtype)) {
    const n = Number(value);
    const number = Number.isFinite(n) ? n : 0;
    return {
      notNull: true,
      default: intFieldtypes.has(fieldtype) ? Math.trunc(number) : number,
    };
  }
  if (value === undefined || value === null || value === '') return { notNull: false, default: null };
  const text = String(value);
  if (dynamicDefaults.has(text) || text.startsWith(':')) return { notNull: false, default: null };
  return { notNull: false, default: text };
}
