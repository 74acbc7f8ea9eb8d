import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';

/**
 * The name of an amendment (Frappe's `_set_amended_name`): `<original>-1` for the first amendment of a
 * document; amending an amendment `X-1` gives `X-2`, and so on.
 */
export async function amendedName(db: Queryable, doctype: string, amendedFrom: string): Promise<string> {
  const q = db.dialect.quote;
  const row = await db.one<{ amended_from: unknown }>(
    `SELECT ${q('amended_from')} FROM ${q(tableName(doctype))} WHERE ${q('name')} = ?`,
    [amendedFrom],
  );
  if (row?.amended_from) {
    const parts = amendedFrom.split('-');
    const id = (Number.parseInt(parts.at(-1) ?? '', 10) || 0) + 1;
    return `${parts.slice(0, -1).join('-')}-${id}`;
  }
  return `${amendedFrom}-1`;
}
