import { MandatoryError } from '../../../errors/index.ts';
import { layoutFieldtypes, tableFieldtypes } from '../../meta/fieldtypes.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';

/**
 * Throws MandatoryError naming every `reqd` field without a value, on the document and its rows (Frappe's
 * `_validate_mandatory`): empty means null, an empty string (HTML tags aside) or an empty table; 0 is a value.
 */
export function checkMandatory(doc: Doc, meta: Meta, childMetas: ReadonlyMap<string, Meta>): void {
  const missing = missingIn(doc, meta);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child) continue;
    for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? []) {
      for (const label of missingIn(row, child))
        missing.push(`${label} in ${meta.label(table.fieldname)} row ${row.idx}`);
    }
  }
  if (missing.length) throw new MandatoryError(`Value missing for ${meta.name}: ${missing.join(', ')}`);
}

function missingIn(doc: Doc, meta: Meta): string[] {
  const out: string[] = [];
  for (const field of meta.fields) {
    if (!field.reqd || layoutFieldtypes.has(field.fieldtype)) continue;
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
