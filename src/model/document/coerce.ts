import type { DocFieldMeta } from '../../db/meta.ts';
import { formatDate, formatDatetime, normalizeTemporal } from '../../db/values.ts';
import { ValidationError } from '../../errors/index.ts';
import {
  floatFieldtypes,
  intFieldtypes,
  layoutFieldtypes,
  notNullFieldtypes,
  tableFieldtypes,
} from '../../fieldtypes/index.ts';

/**
 * A value as its field type stores it (Frappe's `cast` and `_fix_numeric_types`): whole numbers for Int and
 * Check (booleans too), numbers for Float/Currency/Percent (rounded to the field's precision), `YYYY-MM-DD`
 * dates, `YYYY-MM-DD HH:MM:SS.ffffff` datetimes (an ISO time with an offset is converted to local time),
 * `HH:MM:SS.ffffff` times, JSON objects as text, and strings for everything else. Empty numbers are 0 (NULL
 * where the column allows it), empty dates NULL. A value that cannot be converted throws ValidationError.
 */
export function coerceValue(field: DocFieldMeta, value: unknown, label: string): unknown {
  const type = field.fieldtype;
  if (value === undefined || tableFieldtypes.has(type) || layoutFieldtypes.has(type)) return value;
  if (intFieldtypes.has(type) || floatFieldtypes.has(type)) return toNumber(field, value, label);
  if (value === null) return null;
  switch (type) {
    case 'Date':
      return toDate(value, label);
    case 'Datetime':
      return toDatetime(value, label);
    case 'Time':
      return toTime(value, label);
    case 'JSON':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      if (typeof value === 'boolean') return value ? '1' : '0';
      throw new ValidationError(`Value for ${label} cannot be a list`);
  }
}

function toNumber(field: DocFieldMeta, value: unknown, label: string): number | null {
  const type = field.fieldtype;
  if (value === null || value === '')
    return notNullFieldtypes.has(type) || intFieldtypes.has(type) ? 0 : null;
  let n: number;
  if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'number') n = value;
  else if (
    typeof value === 'string' &&
    value.trim() !== '' &&
    Number.isFinite(Number(value.replaceAll(',', '')))
  )
    n = Number(value.replaceAll(',', ''));
  else throw new ValidationError(`Invalid value for ${label}: ${JSON.stringify(value)} is not a number`);
  if (!Number.isFinite(n)) throw new ValidationError(`Invalid value for ${label}: not a finite number`);
  if (intFieldtypes.has(type)) return type === 'Check' ? (n ? 1 : 0) : Math.trunc(n);
  const precision = Number.parseInt(String(field.precision ?? ''), 10);
  if (Number.isInteger(precision) && precision >= 0 && precision <= 9) {
    const factor = 10 ** precision;
    return Math.round(n * factor) / factor;
  }
  return n;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const datetimePattern =
  /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const timePattern = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function toDate(value: unknown, label: string): string | null {
  if (value === '') return null;
  if (value instanceof Date) return formatDate(value);
  const text = typeof value === 'string' ? value.trim().slice(0, 10) : '';
  if (!isRealDate(text)) throw new ValidationError(`${label}: ${JSON.stringify(value)} is not a valid date`);
  return text;
}

function toDatetime(value: unknown, label: string): string | null {
  if (value === '') return null;
  if (value instanceof Date) return formatDatetime(value);
  const match = typeof value === 'string' ? datetimePattern.exec(value.trim()) : null;
  if (!match || !isRealDate(match[1]!)) {
    throw new ValidationError(`${label}: ${JSON.stringify(value)} is not a valid datetime`);
  }
  const [, date, hh = '00', mm = '00', ss = '00', fraction = '', zone] = match;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59)
    throw new ValidationError(`${label}: ${JSON.stringify(value)} is not a valid datetime`);
  const text = `${date} ${hh}:${mm}:${ss}.${fraction.padEnd(6, '0').slice(0, 6)}`;
  if (!zone) return text;
  // An explicit offset names an instant: store it as local time, as every other datetime is.
  const instant = new Date(`${date}T${hh}:${mm}:${ss}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  return `${formatDatetime(instant).slice(0, 20)}${fraction.padEnd(6, '0').slice(0, 6)}`;
}

function toTime(value: unknown, label: string): string | null {
  if (value === '') return null;
  const match = typeof value === 'string' ? timePattern.exec(value.trim()) : null;
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3] ?? 0) > 59) {
    throw new ValidationError(`${label}: ${JSON.stringify(value)} is not a valid time`);
  }
  const [, hh, mm, ss = '00', fraction = ''] = match;
  return normalizeTemporal(`${hh!.padStart(2, '0')}:${mm}:${ss}${fraction ? `.${fraction}` : ''}`) as string;
}

function isRealDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
