import { MandatoryError } from '../../../errors/index.ts';
import { layoutFieldtypes, tableFieldtypes } from '../../../fieldtypes/index.ts';
import { fieldState } from '../../meta/depends-on.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';

/**
 * Throws MandatoryError naming every mandatory field without a value, on the document and its rows (Frappe's
 * `_validate_mandatory`): a field is mandatory when `reqd`, or, when it has `mandatory_depends_on`, when that
 * expression holds for the document (for a row: the row, with the document as `parent`), as the form decides.
 * Empty means null, an empty string (HTML tags aside) or an empty table; 0 is a value.
 */
export function checkMandatory(doc: Doc, meta: Meta, childMetas: ReadonlyMap<string, Meta>): void {
  const missing = missingIn(doc, meta, undefined);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child) continue;
    for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? []) {
      for (const label of missingIn(row, child, doc))
        missing.push(`${label} in ${meta.label(table.fieldname)} row ${row.idx}`);
    }
  }
  if (missing.length) throw new MandatoryError(`Value missing for ${meta.name}: ${missing.join(', ')}`);
}

function missingIn(doc: Doc, meta: Meta, parent: Doc | undefined): string[] {
  const out: string[] = [];
  for (const field of meta.fields) {
    if (layoutFieldtypes.has(field.fieldtype)) continue;
    if (!(field.mandatory_depends_on ? fieldState(field, doc, parent).mandatory : field.reqd)) continue;
    const value = doc[field.fieldname];
    const empty = tableFieldtypes.has(field.fieldtype)
      ? !Array.isArray(value) || value.length === 0
      : value === undefined ||
        value === null ||
        (typeof value === 'string' && value.replace(/<[^>]*>/g, '').trim() === '');
    if (empty) out.push(meta.label(field.fieldname));
  }
  return out;
}
