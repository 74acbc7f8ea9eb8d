import { tableFieldtypes } from '../../fieldtypes/index.ts';
import type { Meta } from '../meta/meta.ts';
import { childFields, optionalFields, standardFields } from '../meta/standard-fields.ts';
import type { Doc } from './doc.ts';

/**
 * A document as the wire carries it (docs/wire.md §2, Frappe's `as_dict(no_nulls=True)`): standard fields,
 * then the DocType's fields in meta order with child tables as arrays of rows (each with its `doctype`),
 * then `doctype`; null and undefined values left out. An `autoincrement` DocType's name is a number.
 */
export function serializeDoc(doc: Doc, meta: Meta, childMetas: ReadonlyMap<string, Meta>): Doc {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) out[key] = value;
  };
  for (const key of standardFields) put(key, doc[key]);
  if (meta.autoname === 'autoincrement' && typeof out.name === 'string' && /^\d+$/.test(out.name))
    out.name = Number(out.name);
  for (const field of meta.fields) {
    if (tableFieldtypes.has(field.fieldtype)) {
      const rows = doc[field.fieldname];
      const child = childMetas.get(field.options ?? '');
      if (Array.isArray(rows) && child)
        out[field.fieldname] = rows.map((r) => serializeDoc(r as Doc, child, new Map()));
      else if (Array.isArray(rows)) out[field.fieldname] = [];
    } else if (meta.isValidField(field.fieldname)) put(field.fieldname, doc[field.fieldname]);
  }
  for (const key of meta.isChild ? childFields : optionalFields) put(key, doc[key]);
  out.doctype = meta.name;
  return out as Doc;
}
