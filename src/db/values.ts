// Value conventions shared by every dialect: how parameters are bound and how temporal values read back.

/**
 * A datetime as Cortado stores and returns it: `YYYY-MM-DD HH:MM:SS.ffffff`, in the process's local
 * time zone (Frappe stores naive datetimes in the system time zone; containers run with TZ=UTC).
 *
 * @example formatDatetime(new Date()) // '2024-05-01 12:30:00.123000'
 */
export function formatDatetime(date: Date): string {
  return `${formatDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}000`;
}

/** A date as stored: `YYYY-MM-DD` (local time zone). */
export function formatDate(date: Date): string {
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Pads (or trims) the fraction of a datetime/time string to six digits; other strings pass unchanged. */
export function normalizeTemporal(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // What Cortado itself writes is already in shape: skip the pattern for it (every document read has two).
  if (value.length === 26 && value[19] === '.' && value[10] === ' ' && value[4] === '-') return value;
  const match = /^(\d{4}-\d{2}-\d{2}[ T])?(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/.exec(value);
  if (!match) return value;
  const date = match[1] ? `${match[1].slice(0, 10)} ` : '';
  return `${date}${match[2]}.${(match[3] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

/**
 * A parameter as every driver binds it: `Date` as a datetime string, booleans as 0/1, `undefined` as
 * NULL, plain objects and arrays as JSON text (JSON fields); numbers, strings, bigints, Buffers as is.
 */
export function bindValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'boolean':
      return value ? 1 : 0;
    case 'string':
    case 'number':
    case 'bigint':
      return value;
    default:
      if (value instanceof Date) return formatDatetime(value);
      if (Buffer.isBuffer(value)) return value;
      return JSON.stringify(value);
  }
}

/** Binds a whole parameter list (see {@link bindValue}). */
export function bindParams(params: readonly unknown[] | undefined): unknown[] {
  return params ? params.map(bindValue) : [];
}
