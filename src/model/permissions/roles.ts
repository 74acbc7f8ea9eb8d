import type { Queryable } from '../../db/database.ts';
import type { DocContext, DocUserType } from '../context.ts';
import { contextMemo } from '../context-memo.ts';

/** Roles Frappe gives automatically, never stored as `Has Role` rows that count. */
export const automaticRoles: ReadonlySet<string> = new Set(['All', 'Guest', 'Desk User', 'Administrator']);

/**
 * A user's roles as loaded once: the list as Frappe's `get_roles` gives it, and the same roles as a set. The
 * set's identity is stable while the site's role cache holds the entry, so rule evaluations memoised per set
 * (`rolePermissions`) are shared by the user's requests.
 */
export interface Roles {
  readonly list: readonly string[];
  readonly set: ReadonlySet<string>;
}

type RolesContext = Pick<DocContext, 'db' | 'user' | 'userType' | 'roles'> & { metas?: DocContext['metas'] };

const rolesOf = contextMemo<Roles>('roles');

/**
 * The context's user's roles, fixed for the context's life. One path: the context's memo, filled from the
 * context's own `roles` when the caller gave them, else from the site's role cache (`metas.roles`, shared by
 * the process's requests), else from the database.
 *
 * @example (await userRoles(ctx)).set.has('System Manager')
 */
export function userRoles(ctx: RolesContext): Promise<Roles> {
  return rolesOf(ctx, async () => {
    if (ctx.roles) return rolesFrom(ctx.roles);
    if (ctx.metas) return ctx.metas.roles.get(ctx.db, ctx.user, ctx.userType);
    return loadRoleEntry(ctx.db, ctx.user, ctx.userType);
  });
}

/**
 * The context's user's roles as a list.
 *
 * @example (await getRoles(ctx)).includes('System Manager')
 */
export async function getRoles(ctx: RolesContext): Promise<readonly string[]> {
  return (await userRoles(ctx)).list;
}

/** Roles from a list. */
export function rolesFrom(list: readonly string[]): Roles {
  return { list, set: new Set(list) };
}

/** A user's roles as the site's role cache keeps them (`loadRoles`, with the set made once). */
export async function loadRoleEntry(db: Queryable, user: string, userType: DocUserType): Promise<Roles> {
  return rolesFrom(await loadRoles(db, user, userType));
}

/**
 * A user's roles as Frappe's `get_roles` gives them: Guest has only `Guest`; Administrator has every role;
 * anyone else has their `Has Role` rows plus `All` and `Guest`, and `Desk User` when a System User.
 */
export async function loadRoles(
  db: Queryable,
  user: string,
  userType: DocUserType,
): Promise<readonly string[]> {
  const q = db.dialect.quote;
  if (!user || user === 'Guest') return ['Guest'];
  if (user === 'Administrator') {
    const rows = await db.all<{ name: string }>(`SELECT ${q('name')} FROM ${q('tabRole')}`);
    return [...new Set([...rows.map((r) => r.name), 'Administrator', 'All', 'Guest', 'Desk User'])];
  }
  const rows = await db.all<{ role: string }>(
    `SELECT ${q('role')} FROM ${q('tabHas Role')} WHERE ${q('parent')} = ? AND ${q('parenttype')} = ?`,
    [user, 'User'],
  );
  const roles = new Set(rows.map((r) => r.role).filter((r) => r && !automaticRoles.has(r)));
  roles.add('All');
  roles.add('Guest');
  if (userType === 'System User') roles.add('Desk User');
  return [...roles];
}
