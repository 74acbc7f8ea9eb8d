import type { DocContext } from '../context.ts';
import type { Doc } from '../document/doc.ts';
import type { Meta } from '../meta/meta.ts';
import { permlevel } from '../meta/meta.ts';
import { roleSetOf } from './role-permissions.ts';
import { getRoles } from './roles.ts';

/** The permlevels a user may read or write on a DocType; `all` for Administrator. */
export type PermlevelAccess = 'all' | ReadonlySet<number>;

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
  const roles = roleSetOf(await getRoles(ctx));
  const levels = new Set<number>();
  for (const perm of meta.permissions) {
    if (roles.has(perm.role) && perm[right]) levels.add(Number(perm.permlevel) || 0);
  }
  return levels;
}

/** Whether `access` covers `level`. */
export function canAccessLevel(access: PermlevelAccess, level: number): boolean {
  return access === 'all' || access.has(level);
}

/**
 * Removes the values the user may not read (Frappe's `apply_fieldlevel_read_permissions`): every field above
 * permlevel 0 whose level the user cannot read, on the document and on its child rows. Changes `doc`.
 */
export function stripUnreadable(
  doc: Doc,
  meta: Meta,
  childMetas: ReadonlyMap<string, Meta>,
  readable: PermlevelAccess,
): void {
  if (readable === 'all') return;
  for (const field of meta.fields) {
    const level = permlevel(field);
    if (level > 0 && !readable.has(level)) delete doc[field.fieldname];
  }
  for (const table of meta.tableFields) {
    const rows = doc[table.fieldname];
    const child = childMetas.get(table.options!);
    if (!Array.isArray(rows) || !child) continue;
    for (const field of child.fields) {
      const level = permlevel(field);
      if (level > 0 && !readable.has(level)) for (const row of rows as Doc[]) delete row[field.fieldname];
    }
  }
}
