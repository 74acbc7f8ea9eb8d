// Result rows as Frappe returns them: objects keyed by the requested names (aliases honoured; a later
// column with the same key wins, as in a Python dict), or arrays of values in field order. The SQL
// selects positional aliases (c0, c1, ...) so duplicate keys never collide inside the database driver.
import type { Row } from '../../db/database.ts';

/**
 * Shapes driver rows selected as `c0..cN` into dicts or lists.
 *
 * @example shapeRows([{ c0: 'a', c1: 2 }], ['name', 'qty'], true) // [{ name: 'a', qty: 2 }]
 */
export function shapeRows(
  rows: readonly Row[],
  keys: readonly string[],
  asDict: boolean,
): Record<string, unknown>[] | unknown[][] {
  const columns = keys.map((_, i) => `c${i}`);
  if (!asDict) return rows.map((row) => columns.map((c) => row[c] ?? null));
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = row[columns[i]!] ?? null;
    return out;
  });
}
