import { PermissionError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import type { Right } from './rights.ts';
import { rolePermissions } from './role-permissions.ts';
import { getRoles } from './roles.ts';

/** The document fields a permission check looks at. */
export interface PermissionTarget {
  owner?: unknown;
  parenttype?: unknown;
  [field: string]: unknown;
}

/**
 * Whether the context's user has right `ptype` on a DocType, or on one document of it when `doc` is given
 * (then `if_owner` rules hold only for the document's owner). As Frappe: Administrator may do everything;
 * `submit`/`cancel`/`amend` need a submittable DocType and `import` one that allows import; System Manager
 * may always export and import. A child DocType has no rules of its own: a row is judged by its parent
 * DocType's rules (`doc.parenttype`), and without a parent nothing is permitted.
 *
 * @example if (await hasPermission(ctx, meta, 'write', doc)) ...
 */
export async function hasPermission(
  ctx: DocContext,
  doctype: string | Meta,
  ptype: Right = 'read',
  doc?: PermissionTarget,
): Promise<boolean> {
  if (ctx.user === 'Administrator') return true;
  const meta = typeof doctype === 'string' ? await ctx.metas.get(ctx.db, doctype) : doctype;
  if (meta.isChild) {
    const parent = typeof doc?.parenttype === 'string' ? doc.parenttype : undefined;
    return parent ? hasPermission(ctx, parent, ptype) : false;
  }
  if ((ptype === 'submit' || ptype === 'cancel' || ptype === 'amend') && !meta.isSubmittable) return false;
  const roles = new Set(await getRoles(ctx));
  if (roles.has('System Manager') && (ptype === 'export' || ptype === 'import')) return true;
  if (ptype === 'import' && !meta.raw.allow_import) return false;
  const isOwner = doc ? ownedBy(doc, ctx.user) : false;
  const perms = rolePermissions(meta.permissions, roles, isOwner);
  if (doc && perms.hasIfOwner && ptype in perms.ifOwner) return perms.ifOwner[ptype] === true;
  return perms.rights[ptype] === true;
}

/** Throws PermissionError (403 "Not permitted") unless `hasPermission` allows it. */
export async function checkPermission(
  ctx: DocContext,
  doctype: string | Meta,
  ptype: Right = 'read',
  doc?: PermissionTarget,
): Promise<void> {
  if (!(await hasPermission(ctx, doctype, ptype, doc))) throw new PermissionError();
}

function ownedBy(doc: PermissionTarget, user: string): boolean {
  return typeof doc.owner === 'string' && doc.owner.toLowerCase() === user.toLowerCase();
}
