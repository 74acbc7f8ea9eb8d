// Filter values coerced to a column's kind as Frappe does (`flt` for numbers, `format_date` /
// `format_datetime` for temporal columns, `cstr` for text), in the exact text form Cortado stores, so
// comparisons also hold on SQLite where temporal columns are text.
import { formatDate, formatDatetime } from '../../db/values.ts';
import { clip, DataError } from './errors.ts';
import { queryLimits } from './limits.ts';
import type { ColumnKind } from './table-info.ts';

/** A scalar filter value after validation. */
export type Scalar = string | number | boolean | null;

/** The value Frappe compares NULL columns as (`ifnull(col, fallback)`), per kind; also what `null` becomes. */
export const fallbacks: Record<ColumnKind, string | number> = {
  text: '',
  number: 0,
  date: '0001-01-01',
  datetime: '0001-01-01 00:00:00.000000',
  time: '00:00:00.000000',
};

/** The fallback as an SQL literal (a constant, never user input). */
export const fallbackSql: Record<ColumnKind, string> = {
  text: "''",
  number: '0',
  date: "'0001-01-01'",
  datetime: "'0001-01-01 00:00:00.000000'",
  time: "'00:00:00.000000'",
};

/** Throws DataError unless `value` is a scalar a filter may carry (no objects, no nested lists). */
export function scalar(value: unknown, field: string): Scalar {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      if (value.length > queryLimits.textChars) throw new DataError(`Filter value too long for ${field}`);
      return value;
    case 'number':
      return Number.isFinite(value) ? value : 0;
    case 'boolean':
      return value;
    default:
      throw new DataError(`Invalid filter value for ${clip(field)}`);
  }
}

/**
 * A scalar coerced to a column kind; NULL and '' become the kind's fallback (Frappe's `ifnull` value).
 *
 * @example coerce('number', '1,500.5') // 1500.5
 */
export function coerce(kind: ColumnKind, value: Scalar): string | number {
  if (value === null || value === '') return fallbacks[kind];
  switch (kind) {
    case 'number':
      return flt(value);
    case 'date':
      return toDate(value);
    case 'datetime':
      return toDatetime(value);
    case 'time':
      return toTime(value);
    default:
      return String(value);
  }
}

/** Frappe's `flt`: commas ignored, anything unparsable is 0; booleans (and "true"/"false") are 1/0. */
export function flt(value: Scalar): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return 0;
  const text = value.trim().toLowerCase();
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  const n = Number(text.replaceAll(',', ''));
  return Number.isFinite(n) && text !== '' ? n : 0;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})/;
const datetimePattern = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const timePattern = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** `YYYY-MM-DD` from a date or datetime string (the time part dropped, as `format_date` does). */
export function toDate(value: Scalar | Date): string {
  if (value instanceof Date) return formatDate(value);
  const match = typeof value === 'string' ? datePattern.exec(value.trim()) : null;
  if (!match || !validDate(Number(match[1]), Number(match[2]), Number(match[3])))
    throw new DataError(`Invalid date: ${clip(String(value))}`);
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff`; a date alone is its midnight. */
export function toDatetime(value: Scalar | Date, endOfDay = false): string {
  if (value instanceof Date) return formatDatetime(value);
  const match = typeof value === 'string' ? datetimePattern.exec(value.trim()) : null;
  if (!match) throw new DataError(`Invalid datetime: ${clip(String(value))}`);
  const date = toDate(match[1]!);
  if (match[2] === undefined) return `${date} ${endOfDay ? '23:59:59.999999' : '00:00:00.000000'}`;
  const [h, m, s] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (h > 23 || m > 59 || s > 59) throw new DataError(`Invalid datetime: ${clip(String(value))}`);
  return `${date} ${match[2]}:${match[3]}:${match[4] ?? '00'}.${(match[5] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

/** True when a datetime string carries no time part (a date alone). */
export function isDateOnly(value: Scalar | Date): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
}

/** `HH:MM:SS.ffffff`. */
export function toTime(value: Scalar): string {
  const match = typeof value === 'string' ? timePattern.exec(value.trim()) : null;
  if (!match) throw new DataError(`Invalid time: ${clip(String(value))}`);
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (h > 23 || m > 59 || s > 59) throw new DataError(`Invalid time: ${clip(String(value))}`);
  return `${String(h).padStart(2, '0')}:${match[2]}:${match[3] ?? '00'}.${(match[4] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
