// `frappe.has_permission` for app code: the one permission evaluator (model/permissions) asked about the
// session user or about another user (assignments ask whether the assignee may read the document).
import { asUserType } from '../auth/principal.ts';
import { ValidationError } from '../errors/index.ts';
import type { DocContext } from '../model/context.ts';
import type { Doc } from '../model/document/doc.ts';
import { hasPermission } from '../model/permissions/has-permission.ts';
import { isRight } from '../model/permissions/rights.ts';
import { loadAppDoc } from './load-doc.ts';

/**
 * Whether `user` (default: the context's user) has right `ptype` on `doctype`, or on one document of it
 * (by name, loaded as stored: DoesNotExistError when missing, or as a loaded document).
 *
 * @example await appHasPermission(dctx, 'ToDo', 'read', 'TD-1', 'jane@example.com')
 */
export async function appHasPermission(
  dctx: DocContext,
  doctype: string,
  ptype = 'read',
  doc?: string | Doc,
  user?: string,
): Promise<boolean> {
  if (!isRight(ptype)) throw new ValidationError(`Unknown permission type ${String(ptype).slice(0, 40)}`);
  const meta = await dctx.metas.get(dctx.db, doctype);
  const target = typeof doc === 'string' ? await loadAppDoc(dctx, meta.name, doc) : doc;
  const ctx = user && user !== dctx.user ? await contextOfUser(dctx, user) : dctx;
  return hasPermission(ctx, meta, ptype, target);
}

// The same unit of work seen as another user. Only the string keys are copied: what the permission rules
// memoise per context (roles, User Permissions) lives under symbols and belongs to the original user.
async function contextOfUser(dctx: DocContext, user: string): Promise<DocContext> {
  const q = dctx.db.dialect.quote;
  const row = await dctx.db.one<{ user_type: unknown }>(
    `SELECT ${q('user_type')} FROM ${q('tabUser')} WHERE ${q('name')} = ?`,
    [user],
  );
  const userType = user === 'Administrator' ? 'System User' : asUserType(row?.user_type);
  // A user that does not exist has no roles: every rule refuses.
  const roles = row || user === 'Administrator' ? undefined : [];
  return { ...(Object.fromEntries(Object.entries(dctx)) as unknown as DocContext), user, userType, roles };
}
