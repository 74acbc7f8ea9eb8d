// What a DocField's value looks like on the wire, decided once for the OpenAPI document and the
// TypeScript interfaces so the two can never disagree.
import type { DocFieldMeta, DocTypeMeta } from '../../db/meta.ts';
import {
  floatFieldtypes,
  intFieldtypes,
  noColumnFieldtypes,
  tableFieldtypes,
} from '../../fieldtypes/index.ts';

/** The wire shape of one field's value. */
export type FieldValue =
  | { kind: 'string'; format?: 'date' | 'date-time' | 'time'; maxLength?: number }
  | { kind: 'integer' }
  | { kind: 'number' }
  /** Check: 0 or 1. */
  | { kind: 'check' }
  /** Select: one of the options (the empty string too, unless the field is mandatory). */
  | { kind: 'select'; options: string[] }
  /** JSON: any JSON value. */
  | { kind: 'json' }
  /** Table / Table MultiSelect: rows of the child DocType. */
  | { kind: 'table'; child: string };

const formats: Record<string, 'date' | 'date-time' | 'time'> = {
  Date: 'date',
  Datetime: 'date-time',
  Time: 'time',
};
const varchar = new Set([
  'Data',
  'Link',
  'Dynamic Link',
  'Read Only',
  'Color',
  'Icon',
  'Phone',
  'Autocomplete',
]);

/**
 * The wire shape of a field's value, or undefined for fields that carry none (layout, buttons).
 *
 * @example fieldValue({ fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed' }) // { kind: 'select', options: ['', 'Open', 'Closed'] }
 */
export function fieldValue(field: DocFieldMeta): FieldValue | undefined {
  const type = field.fieldtype;
  if (tableFieldtypes.has(type)) return field.options ? { kind: 'table', child: field.options } : undefined;
  if (noColumnFieldtypes.has(type)) return undefined;
  if (type === 'Check') return { kind: 'check' };
  if (intFieldtypes.has(type)) return { kind: 'integer' };
  if (floatFieldtypes.has(type)) return { kind: 'number' };
  if (type === 'JSON') return { kind: 'json' };
  if (type === 'Select') {
    const options = String(field.options ?? '')
      .split('\n')
      .map((o) => o.trim())
      .filter((o, i, all) => o !== '' && all.indexOf(o) === i);
    if (!options.length) return { kind: 'string' };
    return { kind: 'select', options: field.reqd ? options : ['', ...options] };
  }
  const format = formats[type];
  if (format) return { kind: 'string', format };
  if (varchar.has(type)) return { kind: 'string', maxLength: Number(field.length) || 140 };
  return { kind: 'string' };
}

/** The fields of a DocType that carry a value on the wire, in meta order. */
export function valueFields(meta: DocTypeMeta): Array<{ field: DocFieldMeta; value: FieldValue }> {
  const out: Array<{ field: DocFieldMeta; value: FieldValue }> = [];
  for (const field of meta.fields ?? []) {
    if (field.is_virtual) continue;
    const value = fieldValue(field);
    if (value) out.push({ field, value });
  }
  return out;
}

/** Whether an insert must carry the field: mandatory, without a default, and not filled by the server. */
export function requiredOnInsert(field: DocFieldMeta): boolean {
  return Boolean(field.reqd) && (field.default === undefined || field.default === '') && !field.read_only;
}
