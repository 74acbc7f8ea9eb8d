// A new document's starting values, from field defaults (Frappe's `frappe.model.get_new_doc`).
import { floatTypes, hasValue, intTypes } from './fieldtypes.ts';
import type { Doc, DocField, DocTypeMeta } from './types.ts';

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The default of one field, with Frappe's `Today`/`now` and typed numbers. */
export function defaultValue(field: DocField): unknown {
  const raw = field.default;
  if (raw === undefined || raw === null || raw === '') {
    if (field.fieldtype === 'Check') return 0;
    if (field.fieldtype === 'Select' && field.options && !field.options.startsWith('\n'))
      return field.options.split('\n')[0];
    return undefined;
  }
  const text = String(raw);
  if (field.fieldtype === 'Date' && text.toLowerCase() === 'today') return today();
  if (field.fieldtype === 'Datetime' && text.toLowerCase() === 'now')
    return new Date().toISOString().slice(0, 19).replace('T', ' ');
  if (intTypes.has(field.fieldtype)) return Number.parseInt(text, 10) || 0;
  if (floatTypes.has(field.fieldtype)) return Number.parseFloat(text) || 0;
  return text;
}

/** A new, unsaved document of `meta`, with `values` (route options) on top. */
export function newDoc(meta: DocTypeMeta, values: Record<string, unknown> = {}): Doc {
  const doc: Doc = { doctype: meta.name, docstatus: 0 };
  for (const field of meta.fields) {
    if (field.fieldtype === 'Table' || field.fieldtype === 'Table MultiSelect') doc[field.fieldname] = [];
    else if (hasValue(field)) {
      const value = defaultValue(field);
      if (value !== undefined) doc[field.fieldname] = value;
    }
  }
  return Object.assign(doc, values);
}

/** A new child row for table `field` of a parent. */
export function newRow(childMeta: DocTypeMeta, field: DocField, idx: number): Doc {
  const row = newDoc(childMeta);
  row.parentfield = field.fieldname;
  row.idx = idx;
  row.__islocal = 1;
  return row;
}
