import { readAuthRow, writeAuthRow } from '../db/auth-rows.ts';
import type { Queryable } from '../db/database.ts';

// Login passwords and API secrets are kept in `__Auth` as hashes (encrypted = 0), never the secret itself.

/** The stored hash of a Password field, if any. */
export function readAuthHash(
  db: Queryable,
  doctype: string,
  name: string,
  fieldname: string,
): Promise<string | undefined> {
  return readAuthRow(db, { doctype, name, fieldname }, false);
}

/** Replaces the stored hash of a Password field. Call inside a transaction (delete + insert). */
export function writeAuthHash(
  db: Queryable,
  doctype: string,
  name: string,
  fieldname: string,
  hash: string,
): Promise<void> {
  return writeAuthRow(db, { doctype, name, fieldname }, hash, false);
}
