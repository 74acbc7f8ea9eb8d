// Field-level permissions (permlevel) as the desk shows them: per permlevel, whether the current user may
// read and write its fields, from the DocType's DocPerm rows and the user's roles — the rules the server
// applies when it strips unreadable fields and ignores writes to unwritable ones.
import type { Doc, DocField, DocTypeMeta } from './types.ts';

/** What the user may do with the fields of one permlevel. */
export interface LevelAccess {
  read: boolean;
  write: boolean;
}

/** The access at each permlevel. */
export type AccessAt = (level: number) => LevelAccess;

/** Who is looking. */
export interface PermUser {
  name: string;
  roles: readonly string[];
}

const full: LevelAccess = { read: true, write: true };
const none: LevelAccess = { read: false, write: false };

/** Everything allowed: forms outside permission rules, and Administrator. */
export const allAccess: AccessAt = () => full;

/** A field's permlevel (0 when unset). */
export function permlevelOf(field: DocField): number {
  return Number(field.permlevel) || 0;
}

/**
 * The user's access per permlevel on `doc` of `meta` (child rows: pass the parent's meta and document).
 * Level 0 is always open: the server already decided the document itself (roles, shares, user
 * permissions), so the form shows what it got and the server judges the save. Above 0, a DocPerm row
 * counts when the user has its role, and an `if_owner` row only when the user owns the document (a new
 * one is theirs). A field needs read to be shown and read + write to be edited. Administrator may do
 * everything.
 *
 * @example const at = permlevelAccess(meta, { name: boot.user, roles: boot.roles }, doc); at(1).write
 */
export function permlevelAccess(meta: DocTypeMeta, user: PermUser, doc?: Doc): AccessAt {
  if (user.name === 'Administrator') return allAccess;
  const roles = new Set(user.roles);
  const owner = !doc?.name || Boolean(doc.__islocal) || doc.owner === user.name;
  const levels = new Map<number, LevelAccess>();
  for (const perm of meta.permissions ?? []) {
    if (!roles.has(perm.role) || (perm.if_owner && !owner)) continue;
    const level = Number(perm.permlevel) || 0;
    const current = levels.get(level) ?? none;
    levels.set(level, {
      read: current.read || Boolean(perm.read),
      write: current.write || Boolean(perm.write),
    });
  }
  return (level) => {
    if (level === 0) return full;
    const access = levels.get(level) ?? none;
    return { read: access.read, write: access.read && access.write };
  };
}
