import type { DocPermMeta } from '../../db/meta.ts';
import { type Right, rights } from './rights.ts';

/** What a user's roles grant on a DocType at permlevel 0 (Frappe's `get_role_permissions`). */
export interface RolePermissions {
  /** Rights granted regardless of ownership (read/select also when granted only to owners: lists filter). */
  rights: Partial<Record<Right, boolean>>;
  /** Rights granted only on documents the user owns: the value says whether this user owns the document. */
  ifOwner: Partial<Record<Right, boolean>>;
  /** Whether any applicable rule carries `if_owner`. */
  hasIfOwner: boolean;
}

// Keyed on identity: a Meta's `permissions` array lives as long as the meta, and a user's role set as long as the
// site's role cache holds it (`roles.ts`), so a user's requests keep hitting the same entries.
const evaluated = new WeakMap<readonly DocPermMeta[], WeakMap<ReadonlySet<string>, RolePermissions[]>>();

/**
 * Evaluates the DocPerm rules of a DocType for a set of roles, as Frappe does: a right is granted when any
 * applicable (level 0) rule grants it; when every rule granting it is `if_owner`, it holds only on the user's
 * own documents (`isOwner`), except `create`, and read/select stay set so lists can be filtered by owner.
 * `read` implies `select`. Evaluated once per rule set, role set and ownership; the result is shared, not to be
 * changed.
 */
export function rolePermissions(
  permissions: readonly DocPermMeta[],
  roles: ReadonlySet<string>,
  isOwner = false,
): Readonly<RolePermissions> {
  let byRoles = evaluated.get(permissions);
  if (!byRoles) {
    byRoles = new WeakMap();
    evaluated.set(permissions, byRoles);
  }
  let pair = byRoles.get(roles);
  if (!pair) {
    pair = [];
    byRoles.set(roles, pair);
  }
  const index = isOwner ? 1 : 0;
  pair[index] ??= evaluate(permissions, roles, isOwner);
  return pair[index];
}

function evaluate(
  permissions: readonly DocPermMeta[],
  roles: ReadonlySet<string>,
  isOwner: boolean,
): RolePermissions {
  const applicable = permissions.filter((p) => roles.has(p.role) && !(Number(p.permlevel) > 0));
  const hasIfOwner = applicable.some((p) => Boolean(p.if_owner));
  const grants = (p: DocPermMeta, right: Right) =>
    Boolean(p[right]) || (right === 'select' && Boolean(p.read));
  const result: RolePermissions = { rights: {}, ifOwner: {}, hasIfOwner };
  for (const right of rights) {
    const granted = applicable.some((p) => grants(p, right));
    result.rights[right] = granted;
    if (
      granted &&
      hasIfOwner &&
      right !== 'create' &&
      !applicable.some((p) => grants(p, right) && !p.if_owner)
    ) {
      result.ifOwner[right] = isOwner;
      result.rights[right] = right === 'read' || right === 'select';
    }
  }
  return result;
}
