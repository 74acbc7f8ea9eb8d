import { tableName } from '../../db/meta.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import type { ReadScope } from '../query/types.ts';
import { isShared, sharedWith, sharingInstalled } from './doc-shares.ts';
import { isInternalDocType } from './internal-doctypes.ts';
import { rolePermissions } from './role-permissions.ts';
import { userRoles } from './roles.ts';
import { linkLimits } from './user-permissions.ts';

export type { ReadScope };

/**
 * The read scope of the context's user on a DocType, for list queries (Frappe's `build_match_conditions`):
 * - a DocType internal to the framework (`internal-doctypes.ts`): none, for everyone, Administrator included;
 * - roles grant read to all: everything, or, when User Permissions restrict the DocType's Links (or the
 *   DocType itself), the documents they allow;
 * - roles grant read only through `if_owner`: the user's own documents (User Permissions are not applied,
 *   as in Frappe);
 * - either way, plus the documents shared with the user;
 * - roles grant no read: only the shared documents, or none when nothing is shared;
 * - and, unless none, the DocType's `permission_query_conditions` ANDed in (Administrator included, as Frappe).
 * A child DocType takes its scope from `parentDoctype` (none without one).
 *
 * @example const scope = await readScope(ctx, 'ToDo'); if (scope.kind === 'none') throw new PermissionError();
 */
export async function readScope(
  ctx: DocContext,
  doctype: string | Meta,
  options: { parentDoctype?: string } = {},
): Promise<ReadScope> {
  const scope = await byRules(ctx, doctype, options);
  if (scope.kind === 'none' || scope.condition) return scope;
  const name = typeof doctype === 'string' ? doctype : doctype.name;
  const hooks = ctx.controllers.permissions;
  if (!hooks.limitsLists(name)) return scope;
  // A child DocType's rows are read through their parent: its scope (and conditions) it is.
  const meta = typeof doctype === 'string' ? await ctx.metas.get(ctx.db, doctype) : doctype;
  if (meta.isChild) return scope;
  const sql = await hooks.queryCondition(ctx, name);
  return sql ? { ...scope, condition: { sql, table: tableName(name) } } : scope;
}

// The scope the permission rules and shares give (a child DocType's is its parent's, condition included).
async function byRules(
  ctx: DocContext,
  doctype: string | Meta,
  options: { parentDoctype?: string },
): Promise<ReadScope> {
  if (isInternalDocType(doctype)) return { kind: 'none' };
  if (ctx.user === 'Administrator') return { kind: 'all' };
  const meta = typeof doctype === 'string' ? await ctx.metas.get(ctx.db, doctype) : doctype;
  if (meta.isChild) {
    return options.parentDoctype ? readScope(ctx, options.parentDoctype) : { kind: 'none' };
  }
  const perms = rolePermissions(meta.permissions, (await userRoles(ctx)).set);
  if (!perms.rights.read && !perms.rights.select) {
    const shared = await isShared(ctx, meta.name, 'read');
    return shared ? { kind: 'shared', shared: sharedWith(ctx) } : { kind: 'none' };
  }
  const shared = (await sharingInstalled(ctx)) ? sharedWith(ctx) : undefined;
  const ownerOnly = 'read' in perms.ifOwner || (!perms.rights.read && 'select' in perms.ifOwner);
  if (ownerOnly) return { kind: 'owner', user: ctx.user, shared };
  const links = await linkLimits(ctx, meta);
  return links.length ? { kind: 'restricted', links, shared } : { kind: 'all' };
}
