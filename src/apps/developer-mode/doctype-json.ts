// A DocType document as an app keeps it on disk (`<dt folder>.json`): Frappe's export shape, so a diff of
// an app after a desk edit shows only what changed. Keys sorted at every level, rows in `idx` order, one
// space of indent, nothing empty, and child rows without the columns the database fills in.
import { childColumns, standardColumns } from '../../db/meta.ts';

/** Columns a child row (DocField, DocPerm, ...) gets from its parent and the database: not part of the file. */
const rowColumns: ReadonlySet<string> = new Set([...standardColumns, ...childColumns, 'doctype']);
/** Columns of the DocType itself that mean nothing outside one database. */
const documentColumns: ReadonlySet<string> = new Set(['docstatus', 'idx']);

type Json = Record<string, unknown>;

/** Whether a value says nothing (the field's default) and is left out of the file. */
function empty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || value === 0;
}

function cleanRow(row: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(row).sort()) {
    if (rowColumns.has(key) || key.startsWith('_') || empty(row[key])) continue;
    out[key] = row[key];
  }
  return out;
}

/**
 * The file contents for a saved DocType document (with its `fields`, `permissions` and other child tables).
 *
 * @example writeFileSync(jsonPath, doctypeJson(doc)); // {\n "creation": ..., "doctype": "DocType", ...
 */
export function doctypeJson(doc: Json): string {
  const out: Json = {};
  for (const key of Object.keys(doc).sort()) {
    const value = doc[key];
    if (documentColumns.has(key) || key.startsWith('_')) continue;
    if (Array.isArray(value)) {
      const rows = (value as Json[])
        .filter((row) => row !== null && typeof row === 'object')
        .sort((a, b) => Number(a.idx ?? 0) - Number(b.idx ?? 0))
        .map(cleanRow);
      out[key] = rows;
      continue;
    }
    if (empty(value)) continue;
    out[key] = value;
  }
  out.doctype = 'DocType';
  return `${JSON.stringify(sortKeys(out), null, 1)}\n`;
}

/** `out` with its keys in order (`doctype` was set last). */
function sortKeys(out: Json): Json {
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((key) => [key, out[key]]),
  );
}
