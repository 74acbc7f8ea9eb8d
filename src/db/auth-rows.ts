// `__Auth (doctype, name, fieldname, password, encrypted)`: the system table that keeps Password fields'
// secrets out of documents. Hashes (login passwords, API secrets) are stored with `encrypted = 0`,
// site-key ciphertext (other Password fields) with `encrypted = 1`.
import type { Queryable } from './database.ts';

/** Which secret: a document's Password field. */
export interface AuthKey {
  doctype: string;
  name: string;
  fieldname: string;
}

/** The stored value of a secret (of the given kind), if any. */
export async function readAuthRow(
  db: Queryable,
  key: AuthKey,
  encrypted: boolean,
): Promise<string | undefined> {
  const q = db.dialect.quote;
  const row = await db.one<{ password: unknown }>(
    `SELECT ${q('password')} FROM ${q('__Auth')} WHERE ${q('doctype')} = ? AND ${q('name')} = ? AND ${q('fieldname')} = ? AND ${q('encrypted')} = ?`,
    [key.doctype, key.name, key.fieldname, encrypted ? 1 : 0],
  );
  return typeof row?.password === 'string' && row.password !== '' ? row.password : undefined;
}

/** Replaces a secret (delete + insert: call inside a transaction). */
export async function writeAuthRow(
  db: Queryable,
  key: AuthKey,
  value: string,
  encrypted: boolean,
): Promise<void> {
  const q = db.dialect.quote;
  const where = [key.doctype, key.name, key.fieldname];
  await db.run(
    `DELETE FROM ${q('__Auth')} WHERE ${q('doctype')} = ? AND ${q('name')} = ? AND ${q('fieldname')} = ?`,
    where,
  );
  await db.run(
    `INSERT INTO ${q('__Auth')} (${q('doctype')}, ${q('name')}, ${q('fieldname')}, ${q('password')}, ${q('encrypted')}) VALUES (?, ?, ?, ?, ?)`,
    [...where, value, encrypted ? 1 : 0],
  );
}
