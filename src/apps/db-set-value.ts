// Frappe's `frappe.db.set_value`: columns written straight to a document's row, without controllers or
// validation beyond the field's type, `modified` and `modified_by` updated unless asked not to. Singles go through
// their document.

import { optionalColumns } from '../db/schema/table-spec.ts';
import { formatDatetime } from '../db/values.ts';
import { DoesNotExistError, ValidationError } from '../errors/index.ts';
import { layoutFieldtypes, tableFieldtypes } from '../fieldtypes/index.ts';
import { type DocContext, nowOf } from '../model/context.ts';
import { coerceValue } from '../model/document/coerce.ts';
import { setSingleValues } from '../model/document/single-values.ts';

// Frappe's bookkeeping columns of every non-child table (not fields of the meta): JSON text or null.
const bookkeeping: ReadonlySet<string> = new Set(optionalColumns);

function bookkeepingValue(column: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new ValidationError(`set_value: ${column} takes text (JSON)`);
  return value;
}

/**
 * Writes `values` (fields of the DocType, converted to their types, or bookkeeping columns as text) to the row
 * of `doctype` `name`; `modified`/`modified_by` too unless `updateModified` is false (Frappe's
 * `update_modified`). Unknown fields, tables and Password fields are refused (ValidationError) and nothing is
 * written.
 *
 * @example await dbSetValue(dctx, 'Article', 'ART-1', { status: 'Issued' });
 */
export async function dbSetValue(
  dctx: DocContext,
  doctype: string,
  name: string,
  values: Record<string, unknown>,
  options: { updateModified?: boolean } = {},
): Promise<void> {
  const meta = await dctx.metas.get(dctx.db, doctype);
  if (!values || typeof values !== 'object' || Object.keys(values).length === 0)
    throw new ValidationError('set_value: no values to set');
  if (meta.isSingle) {
    await setSingleValues(dctx, meta.name, values, { ignorePermissions: true });
    return;
  }
  if (meta.isVirtual) throw new ValidationError(`${meta.name} is a virtual DocType and stores nothing`);
  const q = dctx.db.dialect.quote;
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [fieldname, value] of Object.entries(values)) {
    if (bookkeeping.has(fieldname)) {
      if (meta.isChild) throw new ValidationError(`set_value: ${meta.name} rows have no ${fieldname}`);
      sets.push(`${q(fieldname)} = ?`);
      params.push(bookkeepingValue(fieldname, value));
      continue;
    }
    const field = meta.field(fieldname);
    if (!field || tableFieldtypes.has(field.fieldtype) || layoutFieldtypes.has(field.fieldtype))
      throw new ValidationError(`set_value: ${meta.name} has no field ${fieldname.slice(0, 140)} to set`);
    if (field.fieldtype === 'Password')
      throw new ValidationError(`set_value: ${fieldname} is a Password field; save the document instead`);
    sets.push(`${q(field.fieldname)} = ?`);
    params.push(coerceValue(field, value, field.label || field.fieldname));
  }
  if (options.updateModified !== false) {
    sets.push(`${q('modified')} = ?`, `${q('modified_by')} = ?`);
    params.push(formatDatetime(nowOf(dctx)), dctx.user);
  }
  params.push(String(name));
  const result = await dctx.db.run(
    `UPDATE ${q(`tab${meta.name}`)} SET ${sets.join(', ')} WHERE ${q('name')} = ?`,
    params,
  );
  if (result.changes === 0) throw new DoesNotExistError(`${meta.name} ${name} not found`);
}
