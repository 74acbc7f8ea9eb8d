import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { tableName } from '../db/meta.ts';
import { formatDatetime } from '../db/values.ts';

/** The database's identifier quoting, as a free function. Identifiers come from this code, never from input. */
export function quoter(db: Queryable): (identifier: string) => string {
  return (identifier) => db.dialect.quote(identifier);
}

/** A random document name (Frappe's `hash` autoname: 10 lowercase hex characters). */
export function randomName(): string {
  return randomBytes(5).toString('hex');
}

/**
 * Inserts a document row into `tab<doctype>` with the standard columns filled in
 * (creation/modified now, owner/modified_by `by`, docstatus 0, idx 0 unless given).
 */
export async function insertDocRow(
  db: Queryable,
  doctype: string,
  row: Record<string, unknown>,
  by = 'Administrator',
): Promise<void> {
  const q = quoter(db);
  const now = formatDatetime(new Date());
  const full: Record<string, unknown> = {
    creation: now,
    modified: now,
    owner: by,
    modified_by: by,
    docstatus: 0,
    idx: 0,
    ...row,
  };
  const columns = Object.keys(full);
  await db.run(
    `insert into ${q(tableName(doctype))} (${columns.map(q).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    columns.map((c) => full[c]),
  );
}
