// What the engine knows about a DocType's table: its columns and how each compares, its child tables and
// its Link fields. Derived once per meta object (a WeakMap), so a MetaCache's objects cost nothing twice.
import { type DocTypeMeta, tableName } from '../../db/meta.ts';
import { tableSpec } from '../../db/schema/table-spec.ts';
import {
  fieldtypeSpecs,
  floatFieldtypes,
  intFieldtypes,
  notNullFieldtypes,
  tableFieldtypes,
} from '../../fieldtypes/index.ts';

/** How values of a column are coerced and compared. */
export type ColumnKind = 'text' | 'number' | 'date' | 'datetime' | 'time';

/** One column of a DocType table. */
export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  /** Whether a NULL can be stored (Frappe wraps such columns in `ifnull(col, fallback)` for most operators). */
  nullable: boolean;
  /** Integer column (Check, Int, docstatus, idx): Postgres needs non-integer parameters cast. */
  integer: boolean;
}

/** A DocType's table as the query engine sees it. */
export interface TableInfo {
  doctype: string;
  table: string;
  istable: boolean;
  columns: ReadonlyMap<string, ColumnInfo>;
  /** Column names in table order (what `*` expands to). */
  columnOrder: readonly string[];
  /** Table / Table MultiSelect fieldname -> child DocType. */
  childFields: ReadonlyMap<string, string>;
  /** Child DocTypes reachable from this DocType. */
  childDoctypes: ReadonlySet<string>;
  /** Link fieldname -> linked DocType. */
  linkFields: ReadonlyMap<string, string>;
  /** The permlevel of each field above level 0 (columns, Table fields), for field-level read permissions. */
  levels: ReadonlyMap<string, number>;
  /** Content fingerprint: equal for equal metas, so compiled SQL is shared across sites. */
  fingerprint: string;
}

const standardKinds: Record<string, Omit<ColumnInfo, 'name'>> = {
  name: { kind: 'text', nullable: false, integer: false },
  creation: { kind: 'datetime', nullable: false, integer: false },
  modified: { kind: 'datetime', nullable: false, integer: false },
  docstatus: { kind: 'number', nullable: false, integer: true },
  idx: { kind: 'number', nullable: false, integer: true },
};

/** How a field type's column compares: numbers as numbers, Date/Datetime/Time each as its own kind, the rest as text. */
export function kindOf(fieldtype: string): ColumnKind {
  if (intFieldtypes.has(fieldtype) || floatFieldtypes.has(fieldtype)) return 'number';
  const storage = fieldtypeSpecs[fieldtype]?.storage;
  if (storage === 'date' || storage === 'datetime' || storage === 'time') return storage;
  return 'text';
}

const infos = new WeakMap<DocTypeMeta, TableInfo>();

/**
 * The table info of a (non-single, non-virtual) DocType, memoised per meta object.
 *
 * @example tableInfo(meta).columns.get('status')?.kind // 'text'
 */
export function tableInfo(meta: DocTypeMeta): TableInfo {
  let info = infos.get(meta);
  if (!info) {
    info = buildInfo(meta);
    infos.set(meta, info);
  }
  return info;
}

function buildInfo(meta: DocTypeMeta): TableInfo {
  const spec = tableSpec(meta, 'sqlite');
  const fields = new Map(meta.fields.map((f) => [f.fieldname, f]));
  const columns = new Map<string, ColumnInfo>();
  for (const column of spec.columns) {
    const standard = standardKinds[column.name];
    const field = fields.get(column.name);
    if (standard) columns.set(column.name, { name: column.name, ...standard });
    else if (!field)
      columns.set(column.name, { name: column.name, kind: 'text', nullable: true, integer: false });
    else {
      columns.set(column.name, {
        name: column.name,
        kind: kindOf(field.fieldtype),
        nullable: !notNullFieldtypes.has(field.fieldtype),
        integer: intFieldtypes.has(field.fieldtype),
      });
    }
  }
  const childFields = new Map<string, string>();
  const linkFields = new Map<string, string>();
  const levels = new Map<string, number>();
  for (const field of meta.fields) {
    const level = Number(field.permlevel) || 0;
    if (level > 0) levels.set(field.fieldname, level);
    if (tableFieldtypes.has(field.fieldtype) && field.options)
      childFields.set(field.fieldname, field.options);
    else if (field.fieldtype === 'Link' && field.options && columns.has(field.fieldname))
      linkFields.set(field.fieldname, field.options);
  }
  return {
    doctype: meta.name,
    table: tableName(meta.name),
    istable: Boolean(meta.istable),
    columns,
    columnOrder: [...columns.keys()],
    childFields,
    childDoctypes: new Set(childFields.values()),
    linkFields,
    levels,
    fingerprint: intern(fingerprint(meta)),
  };
}

// Equal meta contents share one short id, so cache keys stay short however large the meta is.
const fingerprintIds = new Map<string, string>();

function intern(content: string): string {
  let id = fingerprintIds.get(content);
  if (id === undefined) {
    id = `m${fingerprintIds.size + 1}`;
    fingerprintIds.set(content, id);
  }
  return id;
}

// Everything about a meta that changes compiled SQL: names, kinds, children, links, permlevels and the sort order.
function fingerprint(meta: DocTypeMeta): string {
  return JSON.stringify([
    meta.name,
    meta.istable ? 1 : 0,
    meta.track_seen ? 1 : 0,
    meta.sort_field ?? '',
    meta.sort_order ?? '',
    meta.fields.map((f) => [
      f.fieldname,
      f.fieldtype,
      f.options ?? '',
      f.is_virtual ? 1 : 0,
      Number(f.permlevel) || 0,
    ]),
  ]);
}
