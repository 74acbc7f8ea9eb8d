// User Permissions (Frappe's `frappe.core.doctype.user_permission`): rows that limit a user to some documents
// of a DocType, and so to the documents of any DocType whose Link fields point at those.
import type { Queryable } from '../../db/database.ts';
import { tableName } from '../../db/meta.ts';
import type { DocContext } from '../context.ts';
import { contextMemo } from '../context-memo.ts';
import type { Doc } from '../document/doc.ts';
import type { Meta } from '../meta/meta.ts';
import type { MetaCache } from '../meta/meta-cache.ts';
import type { LinkLimit } from '../query/types.ts';

/** One allowed document of the DocType a User Permission row restricts. */
export interface AllowedDoc {
  /** The allowed document's name (`for_value`). */
  doc: string;
  /** The only DocType the row applies to, or undefined when it applies to all (`apply_to_all_doctypes`). */
  applicableFor: string | undefined;
  isDefault: boolean;
}

/** A user's User Permissions by restricted DocType (`allow`). */
export type UserPermissionMap = ReadonlyMap<string, readonly AllowedDoc[]>;

const none: UserPermissionMap = new Map();
const userPermissionsOf = contextMemo<UserPermissionMap>('user permissions');

/**
 * The context's user's User Permissions, fixed for the context's life (as roles are), from the site's cache
 * (`metas.userPermissions`). Administrator and Guest have none, as in Frappe.
 *
 * @example (await getUserPermissions(ctx)).get('Company') // [{ doc: 'Acme', applicableFor: undefined, ... }]
 */
export function getUserPermissions(
  ctx: Pick<DocContext, 'db' | 'user' | 'userType' | 'metas'>,
): Promise<UserPermissionMap> {
  return userPermissionsOf(ctx, () => ctx.metas.userPermissions.get(ctx.db, ctx.user, ctx.userType));
}

/** A user's User Permissions as stored (what `metas.userPermissions` caches). */
export async function loadUserPermissions(
  db: Queryable,
  user: string,
  metas: Pick<MetaCache, 'find'>,
): Promise<UserPermissionMap> {
  if (user === 'Administrator' || user === 'Guest' || !user) return none;
  // A site made before User Permissions existed has no table until it migrates.
  if (!(await metas.find(db, 'User Permission'))) return none;
  const q = db.dialect.quote;
  const rows = await db.all<{
    allow: string;
    for_value: string;
    applicable_for: string | null;
    apply_to_all_doctypes: unknown;
    is_default: unknown;
  }>(
    `SELECT ${['allow', 'for_value', 'applicable_for', 'apply_to_all_doctypes', 'is_default'].map(q).join(', ')}
     FROM ${q(tableName('User Permission'))} WHERE ${q('user')} = ? ORDER BY ${q('creation')}`,
    [user],
  );
  const map = new Map<string, AllowedDoc[]>();
  for (const row of rows) {
    if (!row.allow || row.for_value === null || row.for_value === undefined) continue;
    const applicableFor = Number(row.apply_to_all_doctypes) ? undefined : row.applicable_for || undefined;
    const list = map.get(row.allow) ?? [];
    list.push({ doc: String(row.for_value), applicableFor, isDefault: Boolean(Number(row.is_default)) });
    map.set(row.allow, list);
  }
  return map;
}

/**
 * The documents of a restricted DocType that rows allow when reading or writing documents of `doctype`
 * (Frappe's `get_allowed_docs_for_doctype`): rows for all DocTypes and rows applicable to `doctype`.
 * Empty means the rows do not restrict `doctype` at all.
 */
export function allowedFor(allowed: readonly AllowedDoc[] | undefined, doctype: string): string[] {
  if (!allowed) return [];
  return allowed
    .filter((a) => a.applicableFor === undefined || a.applicableFor === doctype)
    .map((a) => a.doc);
}

/**
 * What the user's User Permissions allow in the list of `meta` (Frappe's `add_user_permissions`): for each
 * Link field without `ignore_user_permissions` whose target is restricted, the allowed values; and for a
 * restricted DocType itself, the allowed names.
 */
export async function linkLimits(ctx: DocContext, meta: Meta): Promise<LinkLimit[]> {
  const map = await getUserPermissions(ctx);
  if (!map.size) return [];
  const limits: LinkLimit[] = [];
  for (const field of meta.linkFields) {
    if (field.ignore_user_permissions) continue;
    const values = allowedFor(map.get(field.options!), meta.name);
    if (values.length) limits.push({ fieldname: field.fieldname, values });
  }
  const own = allowedFor(map.get(meta.name), meta.name);
  if (own.length) limits.push({ fieldname: 'name', values: own });
  return limits;
}

/**
 * Why the user's User Permissions forbid `doc` of `meta` (Frappe's `has_user_permission`), or undefined when
 * they do not: its name is not among the allowed documents of its own DocType, or one of its Link fields
 * (or a child row's) holds a value that is not allowed. Empty Links and fields with `ignore_user_permissions`
 * pass.
 */
export async function userPermissionBlock(
  ctx: DocContext,
  meta: Meta,
  doc: Record<string, unknown>,
): Promise<string | undefined> {
  const map = await getUserPermissions(ctx);
  if (!map.size) return undefined;
  const own = allowedFor(map.get(meta.name), meta.name);
  const name = doc.name;
  if (own.length && name !== undefined && name !== null && name !== '' && !own.includes(String(name)))
    return `Not allowed for ${meta.name}: ${String(name)}`;
  const blocked = linkBlock(map, meta, meta, doc);
  if (blocked) return blocked;
  for (const table of meta.tableFields) {
    const rows = doc[table.fieldname];
    if (!Array.isArray(rows) || !rows.length) continue;
    const child = await ctx.metas.find(ctx.db, table.options!);
    if (!child) continue;
    for (const row of rows as Doc[]) {
      const found = linkBlock(map, meta, child, row);
      if (found) return found;
    }
  }
  return undefined;
}

// The first Link of `row` (a document of `rowMeta`, itself or a child row of a `meta` document) holding a
// value the rows do not allow for `meta`, as Frappe words it.
function linkBlock(
  map: UserPermissionMap,
  meta: Meta,
  rowMeta: Meta,
  row: Record<string, unknown>,
): string | undefined {
  for (const field of rowMeta.linkFields) {
    if (field.ignore_user_permissions) continue;
    const value = row[field.fieldname];
    if (value === undefined || value === null || value === '') continue;
    const allowed = allowedFor(map.get(field.options!), meta.name);
    if (!allowed.length || allowed.includes(String(value))) continue;
    const where = rowMeta === meta ? 'in field' : `in row ${String(row.idx ?? '')}, field`;
    return `You are not allowed to access this ${rowMeta.name} record because it is linked to ${field.options} '${String(value)}' ${where} ${rowMeta.label(field.fieldname)}`;
  }
  return undefined;
}
