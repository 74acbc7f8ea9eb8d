import { apiKeyCache } from '../../auth/api-key-cache.ts';
import { assertStrongApiSecret } from '../../auth/api-secret.ts';
import { writeAuthHash } from '../../auth/auth-table.ts';
import { hashPassword } from '../../auth/password.ts';
import { fullNameOf } from '../../auth/principal.ts';
import { endUserSessions } from '../../auth/session-ends.ts';
import { tableName } from '../../db/meta.ts';
import type { DocContext } from '../../model/context.ts';
import type { HookArgs } from '../../model/controllers/events.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import type { Doc } from '../../model/document/doc.ts';

const masked = /^\*+$/;

/**
 * The User controller. A `new_password` or `api_secret` set through the document API is hashed into `__Auth`
 * (scrypt, as passwords) and blanked in the document, so neither is ever stored readable, not even encrypted; an
 * API secret must be strong. Sessions end as in Frappe: a new password ends the user's other sessions (unless
 * `logout_all_sessions` is off), disabling or deleting a user ends all of them. Deleting a user also deletes
 * their shares and User Permissions.
 */
export function registerUserController(registry: ControllerRegistry): void {
  registry.on('User', 'before_validate', async (doc, args) => {
    const { ctx } = args;
    // As Frappe's User.validate: the full name follows the first and last names.
    doc.full_name = fullNameOf(doc.first_name, doc.last_name) || null;
    if ((await moveSecret(ctx, doc, 'new_password', 'password')) && args.before && logsOutOnNewPassword(doc))
      await endUserSessions(ctx.db, ctx.metas.shared, ctx.site, String(doc.name), { keep: ctx.sessionKey });
    const secret = doc.api_secret;
    if (typeof secret === 'string' && secret !== '' && !masked.test(secret)) assertStrongApiSecret(secret);
    await moveSecret(ctx, doc, 'api_secret', 'api_secret');
  });
  registry.on('User', 'on_update', async (doc, args) => {
    if (Number(doc.enabled) === 0) await signOutEverywhere(doc, args);
  });
  registry.on('User', 'on_trash', async (doc, args) => {
    await signOutEverywhere(doc, args);
    await dropAccess(args.ctx, String(doc.name));
  });
}

// Frappe's `logout_all_sessions` ("Logout From All Devices After Changing Password") defaults to on.
function logsOutOnNewPassword(doc: Doc): boolean {
  return (
    doc.logout_all_sessions === undefined ||
    doc.logout_all_sessions === null ||
    Number(doc.logout_all_sessions) !== 0
  );
}

// A disabled or deleted user's sessions all end, and API keys this process resolved for them are forgotten at once.
async function signOutEverywhere(doc: Doc, { ctx }: HookArgs): Promise<void> {
  await endUserSessions(ctx.db, ctx.metas.shared, ctx.site, String(doc.name), { everything: true });
  ctx.db.afterCommit(() => apiKeyCache.clear());
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

// Hashes a secret set through the document into `__Auth` and blanks it in the document; true when one was set.
async function moveSecret(ctx: DocContext, doc: Doc, field: string, authField: string): Promise<boolean> {
  const value = doc[field];
  if (typeof value !== 'string' || value === '' || masked.test(value)) return false;
  await writeAuthHash(ctx.db, 'User', String(doc.name), authField, await hashPassword(value));
  doc[field] = field === 'api_secret' ? '*'.repeat(10) : '';
  if (field === 'api_secret') ctx.db.afterCommit(() => apiKeyCache.clear());
  return true;
}
