import { ValidationError } from '../../errors/index.ts';
import { tableFieldtypes } from '../../fieldtypes/index.ts';
import type { Meta } from '../meta/meta.ts';
import { coerceValue } from './coerce.ts';
import type { Doc } from './doc.ts';

/**
 * A payload reduced to what the DocType knows: `doctype`, `name` (and `__newname`), the fields of the meta
 * with values coerced to their types, and child tables as rows of their child DocType (each keeping its
 * `name`, when given, to match a stored row). Keys the meta does not know are dropped; standard fields
 * other than `name` are the engine's to set.
 */
export function normalizeDoc(meta: Meta, childMetas: ReadonlyMap<string, Meta>, input: unknown): Doc {
  if (!isRecord(input)) throw new ValidationError(`A ${meta.name} document must be an object`);
  const doc: Doc = { doctype: meta.name };
  if (typeof input.name === 'string' || typeof input.name === 'number') doc.name = String(input.name);
  if (typeof input.__newname === 'string' || typeof input.__newname === 'number')
    doc.__newname = String(input.__newname);
  copyFields(meta, input, doc);
  for (const table of meta.tableFields) {
    if (!Object.hasOwn(input, table.fieldname)) continue;
    const child = childMetas.get(table.options!);
    if (child)
      doc[table.fieldname] = normalizeRows(child, input[table.fieldname], meta.label(table.fieldname));
  }
  return doc;
}

/** Child rows of a table field: a list of objects (null means none). */
export function normalizeRows(child: Meta, value: unknown, label: string): Doc[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ValidationError(`${label} must be a list of rows`);
  return value.map((row) => {
    if (!isRecord(row)) throw new ValidationError(`Each row of ${label} must be an object`);
    const out: Doc = { doctype: child.name };
    if (typeof row.name === 'string' && row.name) out.name = row.name;
    copyFields(child, row, out);
    return out;
  });
}

function copyFields(meta: Meta, input: Record<string, unknown>, doc: Doc): void {
  for (const field of meta.columnFields) {
    if (tableFieldtypes.has(field.fieldtype) || !Object.hasOwn(input, field.fieldname)) continue;
    doc[field.fieldname] = coerceValue(field, input[field.fieldname], meta.label(field.fieldname));
  }
}

/** Whether `value` is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
