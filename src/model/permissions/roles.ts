import type { Queryable } from '../../db/database.ts';
import type { DocContext, DocUserType } from '../context.ts';
import { contextMemo } from '../context-memo.ts';

/** Roles Frappe gives automatically, never stored as `Has Role` rows that count. */
export const automaticRoles: ReadonlySet<string> = new Set(['All', 'Guest', 'Desk User', 'Administrator']);

const rolesOf = contextMemo<readonly string[]>('roles');

/**
 * The context's user's roles, fixed for the context's life: the context's own `roles` when given, else the
 * site's role cache (`metas.roles`, shared by the process's requests), else `loadRoles`.
 */
export function getRoles(
  ctx: Pick<DocContext, 'db' | 'user' | 'userType' | 'roles'> & { metas?: DocContext['metas'] },
): Promise<readonly string[]> {
  if (ctx.roles) return Promise.resolve(ctx.roles);
  return rolesOf(ctx, () =>
    ctx.metas
      ? ctx.metas.roles.get(ctx.db, ctx.user, ctx.userType)
      : loadRoles(ctx.db, ctx.user, ctx.userType),
  );
}

/**
 * The context's user's roles when they are known without a query or a version check (the context's own, or
 * the site's role cache holding them): the promise-free path of permission checks. Undefined: use `getRoles`.
 */
export function rolesNow(
  ctx: Pick<DocContext, 'db' | 'user' | 'userType' | 'roles' | 'metas'>,
): readonly string[] | undefined {
  if (ctx.roles) return ctx.roles;
  const known = rolesOf.peek(ctx);
  if (known) return known;
  const cached = ctx.metas.roles.peek(ctx.db, ctx.user, ctx.userType);
  return cached && rolesOf.settle(ctx, cached);
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
