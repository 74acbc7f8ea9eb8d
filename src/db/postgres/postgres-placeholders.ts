/**
 * Rewrites `?` placeholders to Postgres's `$1..$n`. Values are always bound, so `?` only appears in
 * literals by accident; quoted strings and identifiers are skipped anyway to be safe.
 *
 * @example toPositional('select * from "tabUser" where name = ? and enabled = ?')
 * // 'select * from "tabUser" where name = $1 and enabled = $2'
 */
export function toPositional(sql: string): string {
  if (!sql.includes('?')) return sql;
  let out = '';
  let n = 0;
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
    } else {
      out += ch;
    }
  }
  return out;
}
