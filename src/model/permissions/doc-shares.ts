// Document sharing as the permission rules read it (Frappe's `frappe.share.get_shared`): DocShare rows give
// one user, or everyone, rights on one document.
import { tableName } from '../../db/meta.ts';
import type { DocContext } from '../context.ts';
import { shareeSql } from '../query/scope-sql.ts';
import type { SharedWith } from '../query/types.ts';
import type { Right } from './rights.ts';

/** The rights a DocShare row can grant. */
export const shareRights = ['read', 'write', 'submit', 'share'] as const;

/** One right a DocShare row can grant. */
export type ShareRight = (typeof shareRights)[number];

/**
 * The DocShare right that grants `ptype` (`email` and `print` come with `read`), or undefined when sharing
 * never grants it (create, delete, cancel, amend...).
 *
 * @example shareRightFor('print') // 'read'
 */
export function shareRightFor(ptype: Right): ShareRight | undefined {
  if (ptype === 'email' || ptype === 'print') return 'read';
  return (shareRights as readonly string[]).includes(ptype) ? (ptype as ShareRight) : undefined;
}

/** Whom DocShare rows count for: the user, and rows shared with everyone unless the user is Guest. */
export function sharedWith(ctx: Pick<DocContext, 'user'>): SharedWith {
  return { user: ctx.user, everyone: ctx.user !== 'Guest' };
}

/**
 * Whether document `name` of `doctype` is shared with the context's user for `right`; without a name,
 * whether any document of it is (Frappe's DocType-level check, which lets such a user list the shared ones).
 *
 * @example if (await isShared(ctx, 'ToDo', 'write', name)) ...
 */
export async function isShared(
  ctx: DocContext,
  doctype: string,
  right: ShareRight,
  name?: string,
): Promise<boolean> {
  if (!(await sharingInstalled(ctx))) return false;
  const q = ctx.db.dialect.quote;
  const where = [`${q('share_doctype')} = ?`, `${q(right)} = 1`, shareeSql(sharedWith(ctx), q)];
  const values: unknown[] = [doctype, ctx.user];
  if (name !== undefined) {
    where.push(`${q('share_name')} = ?`);
    values.push(name);
  }
  const row = await ctx.db.one(
    `SELECT 1 AS ${q('x')} FROM ${q(tableName('DocShare'))} WHERE ${where.join(' AND ')} LIMIT 1`,
    values,
  );
  return row !== undefined;
}

/**
 * The DocTypes with at least one document shared with the context's user for reading (Frappe's
 * `get_shared_doctypes`), sorted.
 */
export async function sharedDocTypes(ctx: DocContext): Promise<string[]> {
  if (!(await sharingInstalled(ctx))) return [];
  const q = ctx.db.dialect.quote;
  const rows = await ctx.db.all<{ share_doctype: string }>(
    `SELECT DISTINCT ${q('share_doctype')} FROM ${q(tableName('DocShare'))} WHERE ${q('read')} = 1 AND ${shareeSql(sharedWith(ctx), q)} ORDER BY ${q('share_doctype')}`,
    [ctx.user],
  );
  return rows.map((r) => r.share_doctype);
}

/** Whether the site has the DocShare table (a site made before sharing existed has not until it migrates). */
export async function sharingInstalled(ctx: DocContext): Promise<boolean> {
  return (await ctx.metas.find(ctx.db, 'DocShare')) !== undefined;
}
