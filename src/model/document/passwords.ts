import { readAuthRow, writeAuthRow } from '../../db/auth-rows.ts';
import { AuthenticationError, ServerError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import type { Doc } from './doc.ts';

const mask = /^\*+$/;

/**
 * Moves the values of Password fields out of the document (Frappe's `_save_passwords`): a new value is
 * encrypted with the site's key (`ctx.encryptPassword`) into `__Auth` and the column keeps only asterisks; a
 * masked value (`*****`, as reads return it) leaves the stored secret alone. A context without encryption
 * refuses, rather than keep a secret in plain text.
 */
export async function savePasswords(ctx: DocContext, doc: Doc, meta: Meta): Promise<void> {
  for (const field of meta.columnFields) {
    if (field.fieldtype !== 'Password') continue;
    const value = doc[field.fieldname];
    if (typeof value !== 'string' || value === '' || mask.test(value)) continue;
    if (!ctx.encryptPassword) throw new ServerError('Password fields need the site encryption key');
    const key = { doctype: meta.name, name: String(doc.name), fieldname: field.fieldname };
    await writeAuthRow(ctx.db, key, ctx.encryptPassword(value), true);
    doc[field.fieldname] = '*'.repeat(Math.min(value.length, 20));
  }
}

/**
 * The plain value of a document's Password field (Frappe's `get_decrypted_password`), decrypted with the site
 * key. No permission check: callers decide who may see secrets. AuthenticationError "Password not found" when
 * none is stored; EncryptionKeyError (417) when the site key does not open it.
 *
 * @example const secret = await getPassword(ctx, 'Email Account', 'Support', 'password');
 */
export async function getPassword(
  ctx: DocContext,
  doctype: string,
  name: string,
  field: string,
): Promise<string> {
  const stored = await readAuthRow(ctx.db, { doctype, name: String(name), fieldname: field }, true);
  if (stored === undefined) throw new AuthenticationError('Password not found');
  if (!ctx.decryptPassword) throw new ServerError('Password fields need the site encryption key');
  return ctx.decryptPassword(stored);
}
