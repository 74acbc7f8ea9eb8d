import { PermissionError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import type { Meta } from '../meta/meta.ts';
import { isShared, shareRightFor } from './doc-shares.ts';
import { isInternalDocType } from './internal-doctypes.ts';
import type { Right } from './rights.ts';
import { rolePermissions } from './role-permissions.ts';
import { userRoles } from './roles.ts';
import { getUserPermissions, userPermissionBlock } from './user-permissions.ts';

/** The document fields a permission check looks at. */
export interface PermissionTarget {
  name?: unknown;
  owner?: unknown;
  parenttype?: unknown;
  [field: string]: unknown;
}

/** Options of a permission check. */
export interface PermissionOptions {
  /** Leave documents shared with the user out (Frappe's `ignore_share_permissions`). */
  ignoreShares?: boolean;
}

/**
 * Whether the context's user has right `ptype` on a DocType, or on one document of it when `doc` is given
 * (then `if_owner` rules hold only for the document's owner, and User Permissions apply). As Frappe:
 * Administrator may do everything but reach a DocType internal to the framework (`internal-doctypes.ts`), which
 * no one may; `submit`/`cancel`/`amend` need a submittable DocType and `import` one that
 * allows import; System Manager may always export and import. What the roles do not grant, a DocShare may:
 * read, write, submit and share (email and print with read) on the shared document, or, without `doc`, on
 * the DocType when any document of it is shared. A child DocType has no rules of its own: a row is judged by
 * its parent DocType's rules (`doc.parenttype`), and without a parent nothing is permitted.
 *
 * @example if (await hasPermission(ctx, meta, 'write', doc)) ...
 */
export async function hasPermission(
  ctx: DocContext,
  doctype: string | Meta,
  ptype: Right = 'read',
  doc?: PermissionTarget,
  options: PermissionOptions = {},
): Promise<boolean> {
  return (await evaluate(ctx, doctype, ptype, doc, options)).granted;
}

/**
 * Throws PermissionError (403) unless `hasPermission` allows it: "Not permitted", or why User Permissions
 * forbid the document.
 */
export async function checkPermission(
  ctx: DocContext,
  doctype: string | Meta,
  ptype: Right = 'read',
  doc?: PermissionTarget,
): Promise<void> {
  const { granted, reason } = await evaluate(ctx, doctype, ptype, doc, {});
  if (!granted) throw new PermissionError(reason);
}

/**
 * Checks the values a document is about to be written with against the user's User Permissions (Frappe
 * checks `create`/`write` on the document as it will be saved): PermissionError when a Link points at a
 * document the user is not allowed, unless `ptype` is still granted (by ownership or a share). Costs nothing
 * for users without User Permissions.
 *
 * @example await checkUserPermissions(ctx, meta, 'create', doc);
 */
export async function checkUserPermissions(
  ctx: DocContext,
  meta: Meta,
  ptype: Right,
  doc: PermissionTarget,
): Promise<void> {
  if (ctx.user === 'Administrator' || !(await getUserPermissions(ctx)).size) return;
  await checkPermission(ctx, meta, ptype, doc);
}

interface Verdict {
  granted: boolean;
  /** Why it was refused, when the reason is worth telling (User Permissions). */
  reason?: string | undefined;
}

const granted: Verdict = { granted: true };
const refused: Verdict = { granted: false };

// The one evaluator every read and write check goes through: the rules (roles, User Permissions, shares),
// then, on a document the rules allow, the DocType's `has_permission` hooks (any false refuses; never asked
// for Administrator, as in Frappe). What it needs about the user is loaded once per context (`roles.ts`,
// `user-permissions.ts`), so a request pays for them once.
async function evaluate(
  ctx: DocContext,
  doctype: string | Meta,
  ptype: Right,
  doc: PermissionTarget | undefined,
  options: PermissionOptions,
): Promise<Verdict> {
  const verdict = await byRules(ctx, doctype, ptype, doc, options);
  if (!verdict.granted || !doc || ctx.user === 'Administrator') return verdict;
  const name = typeof doctype === 'string' ? doctype : doctype.name;
  const hooks = ctx.controllers.permissions;
  if (!hooks.checksDocuments(name)) return verdict;
  return (await hooks.allows(ctx, name, doc, ptype)) ? verdict : refused;
}

async function byRules(
  ctx: DocContext,
  doctype: string | Meta,
  ptype: Right,
  doc: PermissionTarget | undefined,
  options: PermissionOptions,
): Promise<Verdict> {
  if (isInternalDocType(doctype)) return refused;
  if (ctx.user === 'Administrator') return granted;
  const meta = typeof doctype === 'string' ? await ctx.metas.get(ctx.db, doctype) : doctype;
  if (meta.isChild) {
    const parent = typeof doc?.parenttype === 'string' ? doc.parenttype : undefined;
    return parent ? byRules(ctx, parent, ptype, undefined, options) : refused;
  }
  const roles = (await userRoles(ctx)).set;
  const ruling = byDocType(meta, roles, ptype);
  if (ruling) return ruling;
  let verdict = byRoles(ctx, meta, roles, ptype, doc);
  if (verdict.granted && doc) verdict = await withUserPermissions(ctx, meta, roles, ptype, doc);
  if (verdict.granted || options.ignoreShares) return verdict;
  const right = shareRightFor(ptype);
  if (!right) return verdict;
  const name = doc?.name;
  if (doc && (name === undefined || name === null || name === '')) return verdict;
  if (await isShared(ctx, meta.name, right, doc ? String(name) : undefined)) return granted;
  return verdict;
}

// What the DocType itself settles, whatever the rules and shares say: `submit`/`cancel`/`amend` need a
// submittable DocType and `import` one that allows import; System Manager may always export and import.
function byDocType(meta: Meta, roles: ReadonlySet<string>, ptype: Right): Verdict | undefined {
  if ((ptype === 'submit' || ptype === 'cancel' || ptype === 'amend') && !meta.isSubmittable) return refused;
  if (roles.has('System Manager') && (ptype === 'export' || ptype === 'import')) return granted;
  if (ptype === 'import' && !meta.raw.allow_import) return refused;
  return undefined;
}

// Frappe's role permissions: the DocPerm rules, `if_owner` ones holding for the document's owner.
function byRoles(
  ctx: DocContext,
  meta: Meta,
  roles: ReadonlySet<string>,
  ptype: Right,
  doc: PermissionTarget | undefined,
): Verdict {
  const perms = rolePermissions(meta.permissions, roles, doc ? ownedBy(doc, ctx.user) : false);
  const allowed =
    doc && perms.hasIfOwner && ptype in perms.ifOwner
      ? perms.ifOwner[ptype] === true
      : perms.rights[ptype] === true;
  return allowed ? granted : refused;
}

// A document its User Permissions forbid keeps only the rights its owner has through `if_owner` rules.
async function withUserPermissions(
  ctx: DocContext,
  meta: Meta,
  roles: ReadonlySet<string>,
  ptype: Right,
  doc: PermissionTarget,
): Promise<Verdict> {
  const reason = await userPermissionBlock(ctx, meta, doc);
  if (!reason) return granted;
  const isOwner = ownedBy(doc, ctx.user);
  const perms = rolePermissions(meta.permissions, roles, isOwner);
  return { granted: isOwner && perms.ifOwner[ptype] === true && ptype !== 'create', reason };
}

function ownedBy(doc: PermissionTarget, user: string): boolean {
  return typeof doc.owner === 'string' && doc.owner.toLowerCase() === user.toLowerCase();
}
