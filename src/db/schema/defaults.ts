/**
 * A column default as databases report it, reduced to its value: `'abc'::character varying` (Postgres),
 * `'abc'` (MariaDB, SQLite), `NULL` (MariaDB for none) -> `abc` / null. Numbers pass as their text.
 */
export function unquoteDefault(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let text = raw.trim();
  if (/^null$/i.test(text)) return null;
  // Postgres casts: 'x'::character varying, ('0'::numeric), '-1'::integer
  text = text.replace(/^\((.*)\)$/s, '$1').replace(/::[a-z ]+(\(\d+(,\d+)?\))?(\[\])?$/i, '');
  const quoted = /^'(.*)'$/s.exec(text);
  if (quoted) return quoted[1]!.replaceAll("''", "'").replaceAll("\\'", "'").replaceAll('\\\\', '\\');
  return text;
}
