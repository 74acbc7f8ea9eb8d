import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import { rolePermissions } from './role-permissions.ts';
import { getRoles } from './roles.ts';

/**
 * Which documents of a DocType a user may list: all of them, only their own (`owner = user`, from `if_owner`
 * rules), or none.
 */
export type ReadScope = { kind: 'all' } | { kind: 'owner'; user: string } | { kind: 'none' };

/**
 * The read scope of the context's user on a DocType, for list queries (Frappe's `build_match_conditions`
 * for owner rules). A child DocType takes its scope from `parentDoctype` (none without one).
 *
 * @example const scope = await readScope(ctx, 'ToDo'); if (scope.kind === 'owner') where.push(['owner', '=', scope.user]);
 */
export async function readScope(
  ctx: DocContext,
  doctype: string | Meta,
  options: { parentDoctype?: string } = {},
): Promise<ReadScope> {
  if (ctx.user === 'Administrator') return { kind: 'all' };
  const meta = typeof doctype === 'string' ? await ctx.metas.get(ctx.db, doctype) : doctype;
  if (meta.isChild) {
    return options.parentDoctype ? readScope(ctx, options.parentDoctype) : { kind: 'none' };
  }
  const perms = rolePermissions(meta.permissions, new Set(await getRoles(ctx)));
  if (!perms.rights.read && !perms.rights.select) return { kind: 'none' };
  const ownerOnly = 'read' in perms.ifOwner || (!perms.rights.read && 'select' in perms.ifOwner);
  return ownerOnly ? { kind: 'owner', user: ctx.user } : { kind: 'all' };
}
