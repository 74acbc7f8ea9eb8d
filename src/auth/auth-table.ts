import type { Queryable } from '../db/database.ts';
import { quoter } from './sql.ts';

// `__Auth (doctype, name, fieldname, password, encrypted)`: Frappe's table for Password fields.
// Cortado stores hashes there (encrypted = 0), never the secret itself.

function table(db: Queryable): string {
  return db.dialect.quote('__Auth');
}

/** The stored hash of a Password field, if any. */
export async function readAuthHash(
  db: Queryable,
  doctype: string,
  name: string,
  fieldname: string,
): Promise<string | undefined> {
  const q = quoter(db);
  const row = await db.one<{ password: unknown }>(
    `select password from ${table(db)} where doctype = ? and ${q('name')} = ? and fieldname = ?`,
    [doctype, name, fieldname],
  );
  return typeof row?.password === 'string' ? row.password : undefined;
}

/** Replaces the stored hash of a Password field. Call inside a transaction (delete + insert). */
export async function writeAuthHash(
  db: Queryable,
  doctype: string,
  name: string,
  fieldname: string,
  hash: string,
): Promise<void> {
  const q = quoter(db);
  await db.run(`delete from ${table(db)} where doctype = ? and ${q('name')} = ? and fieldname = ?`, [
    doctype,
    name,
    fieldname,
  ]);
  await db.run(
    `insert into ${table(db)} (doctype, ${q('name')}, fieldname, password, encrypted) values (?, ?, ?, ?, 0)`,
    [doctype, name, fieldname, hash],
  );
}
