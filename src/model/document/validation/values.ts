import { CharacterLengthExceededError, NonNegativeError, ValidationError } from '../../../errors/index.ts';
import { floatFieldtypes, intFieldtypes, varcharFieldtypes } from '../../../fieldtypes/index.ts';
import type { Meta } from '../../meta/meta.ts';
import type { Doc } from '../doc.ts';

const emailPattern = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;

/**
 * The checks of single values, on a document or a child row (Frappe's `_validate_selects`, `_validate_length`,
 * `_validate_non_negative`, `_validate_data_fields`): a Select value must be one of its options, text must fit
 * its column (the field's `length`, 140 by default), `non_negative` numbers may not be negative, and a Data
 * field with options `Email` must hold email addresses.
 */
export function checkValues(doc: Doc, meta: Meta, where = ''): void {
  for (const field of meta.columnFields) {
    const value = doc[field.fieldname];
    if (value === undefined || value === null || value === '') continue;
    const label = `${meta.label(field.fieldname)}${where}`;
    const type = field.fieldtype;
    if (type === 'Select' && typeof field.options === 'string' && field.options.trim()) {
      const options = field.options.split('\n');
      if (!options.includes(String(value))) {
        const allowed = options
          .filter((o) => o !== '')
          .map((o) => `"${o}"`)
          .join(', ');
        throw new ValidationError(`${label} cannot be "${String(value)}". It should be one of ${allowed}`);
      }
    }
    if (varcharFieldtypes.has(type) && typeof value === 'string') {
      const max = Number(field.length) > 0 ? Math.min(Number(field.length), 1000) : 140;
      if (value.length > max) {
        throw new CharacterLengthExceededError(
          `${label}: value of ${value.length} characters is longer than the ${max} allowed`,
        );
      }
    }
    if (field.non_negative && (intFieldtypes.has(type) || floatFieldtypes.has(type)) && Number(value) < 0)
      throw new NonNegativeError(`Value cannot be negative for ${label}`);
    if (type === 'Data' && field.options === 'Email') {
      for (const address of String(value)
        .split(/[,;]/)
        .map((a) => a.trim())
        .filter(Boolean)) {
        if (!emailPattern.test(address)) throw new ValidationError(`${address} is not a valid Email Address`);
      }
    }
  }
}

/** {@link checkValues} on the document and each of its child rows. */
export function checkAllValues(doc: Doc, meta: Meta, childMetas: ReadonlyMap<string, Meta>): void {
  checkValues(doc, meta);
  for (const table of meta.tableFields) {
    const child = childMetas.get(table.options!);
    if (!child) continue;
    for (const row of (doc[table.fieldname] as Doc[] | undefined) ?? [])
      checkValues(row, child, ` in ${meta.label(table.fieldname)} row ${row.idx}`);
  }
}
