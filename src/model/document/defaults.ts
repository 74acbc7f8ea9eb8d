import type { DocFieldMeta } from '../../db/meta.ts';
import { formatDate, formatDatetime } from '../../db/values.ts';
import { floatFieldtypes, intFieldtypes, layoutFieldtypes, tableFieldtypes } from '../../fieldtypes/index.ts';
import type { Meta } from '../meta/meta.ts';
import type { Doc } from './doc.ts';

/** What dynamic defaults resolve against. */
export interface DefaultsInput {
  user: string;
  now: Date;
}

/**
 * A field's default for a new document (Frappe's `get_static_default_value` and dynamic defaults): `Today`,
 * `Now`, `__user`; a literal converted to the field's type; a Select without one takes its first option;
 * numbers and checks 0; tables an empty list; otherwise undefined.
 */
export function defaultValue(field: DocFieldMeta, input: DefaultsInput): unknown {
  const type = field.fieldtype;
  if (tableFieldtypes.has(type)) return [];
  if (layoutFieldtypes.has(type)) return undefined;
  const raw = field.default;
  if (raw !== undefined && raw !== null && raw !== '') {
    const text = String(raw);
    if (text === '__user') return input.user;
    if (text === 'Today' || text === '_Today')
      return type === 'Datetime' ? formatDatetime(input.now) : formatDate(input.now);
    if (text === 'Now') {
      if (type === 'Date') return formatDate(input.now);
      if (type === 'Time') return formatDatetime(input.now).slice(11);
      return formatDatetime(input.now);
    }
    if (text.startsWith(':')) return undefined;
    if (intFieldtypes.has(type)) return Math.trunc(Number(text)) || 0;
    if (floatFieldtypes.has(type)) return Number(text) || 0;
    return text;
  }
  if (type === 'Select' && typeof field.options === 'string' && field.options) {
    return field.options.split('\n')[0];
  }
  if (intFieldtypes.has(type) || (floatFieldtypes.has(type) && type !== 'Duration' && type !== 'Rating'))
    return 0;
  return undefined;
}

/** Sets every field that has no value (undefined or null) to its default (Frappe's `update_if_missing`). */
export function applyDefaults(doc: Doc, meta: Meta, input: DefaultsInput): void {
  for (const field of meta.fields) {
    const current = doc[field.fieldname];
    if (current !== undefined && current !== null) continue;
    const value = defaultValue(field, input);
    if (value !== undefined) doc[field.fieldname] = value;
  }
}
