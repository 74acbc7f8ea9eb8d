// Result rows as Frappe returns them: objects keyed by the requested names (aliases honoured; a later
// column with the same key wins, as in a Python dict), or arrays of values in field order. When every key is
// a distinct plain identifier the SQL selects the columns under those names and the driver's rows are the
// answer as they come; otherwise it selects positional aliases (c0, c1, ...), so duplicate or odd keys never
// collide inside the database driver, and the rows are rebuilt.
import type { Row } from '../../db/database.ts';

// Names every driver keeps as given, that cannot touch an object's prototype, within every database's limit.
const plainKey = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The column aliases a query selects for `keys`: the `keys` array itself when its names are safe, else `c0..cN`.
 *
 * @example resultColumns(['name', 'qty']) // ['name', 'qty']; resultColumns(['name', 'name']) // ['c0', 'c1']
 */
export function resultColumns(keys: readonly string[]): readonly string[] {
  const named =
    new Set(keys).size === keys.length && keys.every((k) => plainKey.test(k) && k !== '__proto__');
  return named ? keys : keys.map((_, i) => `c${i}`);
}

/**
 * Shapes driver rows selected under `columns` (`resultColumns(keys)`: the same array when named) into dicts or lists.
 *
 * @example shapeRows([{ c0: 'a', c1: 2 }], ['c0', 'c1'], ['name', 'qty'], true) // [{ name: 'a', qty: 2 }]
 */
export function shapeRows(
  rows: readonly Row[],
  columns: readonly string[],
  keys: readonly string[],
  asDict: boolean,
): Record<string, unknown>[] | unknown[][] {
  if (!asDict) return rows.map((row) => columns.map((c) => row[c] ?? null));
  if (columns === keys) return rows as Record<string, unknown>[];
  const hasProto = keys.includes('__proto__');
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = row[columns[i]!] ?? null;
      // An alias `__proto__` is a key like any other (assigning it would set the row's prototype instead).
      if (hasProto && keys[i] === '__proto__')
        Object.defineProperty(out, '__proto__', {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[keys[i]!] = value;
    }
    return out;
  });
}
