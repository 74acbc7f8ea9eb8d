// A site's customizations of a DocType (Frappe's Custom Field and Property Setter records, kept in their own
// tables by the built-in app) merged into its stored meta: the one place a meta gets them (Frappe's
// `Meta.add_custom_fields` and `apply_property_setters`). Every reader of a DocType's effective meta (the
// meta cache, schema sync, migrate) loads it through `loadCustomizedMeta`.
import type { Queryable, Row } from '../database.ts';
import { childColumns, type DocFieldMeta, type DocTypeMeta, standardColumns, tableName } from '../meta.ts';
import { orderFields } from './field-order.ts';
import { loadMeta } from './meta-store.ts';

const customField = 'Custom Field';
const propertySetter = 'Property Setter';

/** DocTypes whose metas are never customized (Frappe's `Meta.special_doctypes`): the meta machinery itself. */
export const uncustomizableDocTypes: ReadonlySet<string> = new Set([
  'DocType',
  'DocField',
  'DocPerm',
  'Module Def',
  'DocType Action',
  'DocType Link',
  'DocType State',
]);

// Keys a Property Setter never overrides, whatever is stored: the meta's identity and structure.
const structural = new Set(['name', 'doctype', 'fields', 'permissions', 'fieldname', 'parent', 'parenttype']);
// Custom Field columns that are bookkeeping, not DocField properties.
const bookkeeping = new Set<string>([
  ...standardColumns,
  ...childColumns,
  '_user_tags',
  '_comments',
  '_assign',
  '_liked_by',
  '_seen',
]);

/** A DocType's stored meta with the site's Custom Fields and Property Setters applied; undefined when not stored. */
export async function loadCustomizedMeta(db: Queryable, name: string): Promise<DocTypeMeta | undefined> {
  const meta = await loadMeta(db, name);
  return meta ? applyCustomizations(db, meta) : undefined;
}

/**
 * `meta` with the site's customizations applied: Custom Fields added (marked `is_custom_field`, placed after
 * their `insert_after`), Property Setters applied to the DocType or to a field (values cast by their
 * `property_type`), every field numbered in order (`idx`). Returns `meta` itself when there are none. Reads
 * the customization tables only when their DocTypes are stored, so it is safe on a site still being created
 * and inside a transaction (no failing query).
 */
export async function applyCustomizations(db: Queryable, meta: DocTypeMeta): Promise<DocTypeMeta> {
  if (uncustomizableDocTypes.has(meta.name)) return meta;
  const present = await customizationTables(db);
  if (present.size === 0) return meta;
  const q = db.dialect.quote;
  // MariaDB compares names case-insensitively: only rows of exactly this DocType count.
  const fields = present.has(customField)
    ? (
        await db.all(
          `SELECT * FROM ${q(tableName(customField))} WHERE ${q('dt')} = ? ORDER BY ${q('idx')}, ${q('name')}`,
          [meta.name],
        )
      ).filter((row) => row.dt === meta.name)
    : [];
  const setters = present.has(propertySetter)
    ? (
        await db.all(
          `SELECT ${['doc_type', 'doctype_or_field', 'field_name', 'property', 'property_type', 'value'].map(q).join(', ')} FROM ${q(tableName(propertySetter))} WHERE ${q('doc_type')} = ? ORDER BY ${q('creation')}, ${q('name')}`,
          [meta.name],
        )
      ).filter((row) => row.doc_type === meta.name)
    : [];
  if (fields.length === 0 && setters.length === 0) return meta;
  const out: DocTypeMeta = { ...meta, fields: [...meta.fields, ...fields.map(asDocField)] };
  for (const setter of setters) applySetter(out, setter);
  out.fields = orderFields(out.fields, out.field_order);
  return out;
}

/** Which of the customization DocTypes the site has (none before the built-in app is installed). */
async function customizationTables(db: Queryable): Promise<Set<string>> {
  const q = db.dialect.quote;
  const rows = await db.all<{ name: string }>(
    `SELECT ${q('name')} FROM ${q(tableName('DocType'))} WHERE ${q('name')} IN (?, ?)`,
    [customField, propertySetter],
  );
  return new Set(rows.map((r) => r.name).filter((n) => n === customField || n === propertySetter));
}

// A Custom Field row as a field of the meta: its own name kept (Customize Form refers to it), empty values
// left out as the stored meta leaves them out.
function asDocField(row: Row): DocFieldMeta {
  const field: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (bookkeeping.has(key) || value === null || value === undefined || value === '' || value === 0)
      continue;
    field[key] = value;
  }
  return { ...field, name: row.name, is_custom_field: 1 } as unknown as DocFieldMeta;
}

function applySetter(meta: DocTypeMeta, setter: Row): void {
  const property = typeof setter.property === 'string' ? setter.property : '';
  if (!property || structural.has(property)) return;
  const value = castValue(setter.property_type, setter.value);
  if (setter.doctype_or_field === 'DocType') assign(meta, property, value);
  else if (setter.doctype_or_field === 'DocField') {
    const at = meta.fields.findIndex((f) => f.fieldname === setter.field_name);
    if (at < 0) return;
    const field = { ...meta.fields[at]! };
    assign(field, property, value);
    meta.fields[at] = field;
  }
  // DocType Link/Action/State setters have nothing to act on: Cortado's metas have no links, actions or states.
}

// Empty values are left out, as the stored meta leaves them out (0 and '' mean unset).
function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === '' || value === 0 || value === null) delete target[key];
  else target[key] = value;
}

/** A Property Setter's value as its `property_type` reads (Frappe's `cast`): numbers for Check/Int/Float kinds. */
export function castValue(propertyType: unknown, value: unknown): unknown {
  const text = value === null || value === undefined ? '' : String(value);
  switch (propertyType) {
    case 'Check':
    case 'Int':
      return Number.parseInt(text, 10) || 0;
    case 'Float':
    case 'Currency':
    case 'Percent':
      return Number.parseFloat(text) || 0;
    default:
      return text;
  }
}
