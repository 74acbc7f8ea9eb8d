// Field-level permissions (Frappe's permlevels): which fields a user may read or write on a DocType. The one
// home of that decision: the single-document read strips with it, and the query engine (selected columns,
// `*`, aggregates, filters, sort and group-by) asks the same `canReadLevel` with the same `readableLevels`.
import type { DocPermMeta } from '../../db/meta.ts';
import type { DocContext } from '../context.ts';
import type { Doc } from '../document/doc.ts';
import type { Meta } from '../meta/meta.ts';
import { permlevel } from '../meta/meta.ts';
import type { ReadableLevels } from '../query/types.ts';
import { userRoles } from './roles.ts';

/** The permlevels a user may read or write on a DocType; `all` for Administrator. */
export type PermlevelAccess = ReadableLevels;

/**
 * The permlevels at which the user's roles grant `right` on `meta` (Frappe's `get_permlevel_access`):
 * every level of a DocPerm row of one of the user's roles that has the right. Child rows use their parent
 * DocType's rules, so pass the parent's meta.
 */
export async function permlevelAccess(
  ctx: DocContext,
  meta: Meta,
  right: 'read' | 'write',
): Promise<PermlevelAccess> {
  if (ctx.user === 'Administrator') return 'all';
  const roles = (await userRoles(ctx)).set;
  let byRoles = accessMemo.get(meta.permissions);
  if (!byRoles) {
    byRoles = new WeakMap();
    accessMemo.set(meta.permissions, byRoles);
  }
  let access = byRoles.get(roles);
  if (!access) {
    access = {
      read: levelsOf(meta.permissions, roles, 'read'),
      write: levelsOf(meta.permissions, roles, 'write'),
    };
    byRoles.set(roles, access);
  }
  return access[right];
}

// Keyed on identity, as `rolePermissions` is: a meta's rules live as long as the meta, a user's role set as long
// as the site's role cache holds it; the sets are shared, never changed.
const accessMemo = new WeakMap<
  readonly DocPermMeta[],
  WeakMap<ReadonlySet<string>, Record<'read' | 'write', ReadonlySet<number>>>
>();

function levelsOf(
  permissions: readonly DocPermMeta[],
  roles: ReadonlySet<string>,
  right: 'read' | 'write',
): ReadonlySet<number> {
  const levels = new Set<number>();
  for (const perm of permissions) {
    if (roles.has(perm.role) && perm[right]) levels.add(Number(perm.permlevel) || 0);
  }
  return levels;
}

/**
 * The permlevels whose fields the user may read on `meta` (for a child DocType pass its parent's meta: child
 * rows are read through their parent's rules).
 *
 * @example if (canReadLevel(await readableLevels(ctx, meta), meta.permlevel('salary'))) ...
 */
export function readableLevels(ctx: DocContext, meta: Meta): Promise<ReadableLevels> {
  return permlevelAccess(ctx, meta, 'read');
}

/** Whether `access` covers `level`. */
export function canAccessLevel(access: PermlevelAccess, level: number): boolean {
  return access === 'all' || access.has(level);
}

/**
 * Whether a field at permlevel `level` may be read with `readable`: level 0 always (reading the document at
 * all is the DocType's own check), a higher level only when a role grants read at it.
 */
export function canReadLevel(readable: ReadableLevels, level: number): boolean {
  return level === 0 || readable === 'all' || readable.has(level);
}

/**
 * Removes the values the user may not read (Frappe's `apply_fieldlevel_read_permissions`): every field
 * `canReadLevel` refuses, on the document and on its child rows. Changes `doc`.
 */
export function stripUnreadable(
  doc: Doc,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  readable: ReadableLevels,
): void {
  if (readable === 'all') return;
  for (const field of meta.fields) {
    if (!canReadLevel(readable, permlevel(field))) delete doc[field.fieldname];
  }
  for (const table of meta.tableFields) {
    const rows = doc[table.fieldname];
    const child = childMetas.get(table.options!);
    if (!Array.isArray(rows) || !child) continue;
    for (const field of child.fields) {
      if (!canReadLevel(readable, permlevel(field)))
        for (const row of rows as Doc[]) delete row[field.fieldname];
    }
  }
}
