import { writeAuthHash } from '../../auth/auth-table.ts';
import { hashPassword, hashSecret } from '../../auth/password.ts';
import { tableName } from '../../db/meta.ts';
import type { DocContext } from '../../model/context.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { Doc } from '../../model/document/doc.ts';

const masked = /^\*+$/;

/**
 * The User controller: a `new_password` or `api_secret` set through the document API is hashed into
 * `__Auth` (scrypt for the password login checks, SHA-256 for the API secret) and blanked in the document,
 * so neither is ever stored readable, not even encrypted. Deleting a user deletes their shares and User
 * Permissions.
 */
export function registerUserController(registry: ControllerRegistry): void {
  registry.on('User', 'before_validate', async (doc, { ctx }) => {
    await moveSecret(ctx, doc, 'new_password', 'password', hashPassword);
    await moveSecret(ctx, doc, 'api_secret', 'api_secret', async (secret) => hashSecret(secret));
  });
  registry.on('User', 'on_trash', (doc, { ctx }) => dropAccess(ctx, String(doc.name)));
}

// A deleted user's shares and User Permissions go with them (as Frappe's `User.on_trash`), so they do not
// block the delete as links.
async function dropAccess(ctx: DocContext, user: string): Promise<void> {
  const q = ctx.db.dialect.quote;
  for (const doctype of ['DocShare', 'User Permission']) {
    if (await ctx.metas.find(ctx.db, doctype))
      await ctx.db.run(`DELETE FROM ${q(tableName(doctype))} WHERE ${q('user')} = ?`, [user]);
  }
}

async function moveSecret(
  ctx: DocContext,
  doc: Doc,
  field: string,
  authField: string,
  hash: (plain: string) => Promise<string>,
): Promise<void> {
  const value = doc[field];
  if (typeof value !== 'string' || value === '' || masked.test(value)) return;
  await writeAuthHash(ctx.db, 'User', String(doc.name), authField, await hash(value));
  doc[field] = field === 'api_secret' ? '*'.repeat(10) : '';
}
