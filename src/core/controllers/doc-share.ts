// Sharing one document with a user or with everyone (Frappe's `frappe/share.py`): DocShare rows kept one per
// user (or one for everyone) and document, written only by someone with `share` right on the document.
import { tableName } from '../../db/meta.ts';
import { DoesNotExistError, PermissionError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import { childMetasOf } from '../../model/document/child-metas.ts';
import { deleteDoc } from '../../model/document/delete.ts';
import type { Doc } from '../../model/document/doc.ts';
import { insertDoc } from '../../model/document/insert.ts';
import { loadDoc } from '../../model/document/load.ts';
import { updateDoc } from '../../model/document/save.ts';
import { type ShareRight, shareRights } from '../../model/permissions/doc-shares.ts';
import { hasPermission } from '../../model/permissions/has-permission.ts';

/** Which document to share, and with whom. */
export interface ShareTarget {
  doctype: string;
  name: string;
  /** The user to share with (default: the acting user); ignored when `everyone`. */
  user?: string | null | undefined;
  everyone?: boolean | undefined;
}

/** A share as `frappe.share.get_users` lists it. */
export interface ShareRow {
  name: string;
  user: string | null;
  read: number;
  write: number;
  submit: number;
  share: number;
  everyone: number;
  owner: string | null;
  creation: string | null;
}

// The rights a sharer must hold themselves to pass them on (Frappe's `restricted_permissions`).
const passedOn: readonly ShareRight[] = ['read', 'write', 'submit'];

/**
 * Shares a document (Frappe's `frappe.share.add`): always `read`, plus `write`, `submit` and `share` as asked
 * (the rights given replace those of an existing share). A new share records `notify` as its
 * `notify_by_email` (the built-in app notifies the user on insert when it is set).
 * The acting user needs `share` right on the document and every right they grant; an existing share of the
 * same user (or of everyone) is updated rather than doubled. Returns the DocShare.
 *
 * @example await addShare(ctx, { doctype: 'ToDo', name, user: 'jane@example.com' }, { write: true });
 */
export async function addShare(
  ctx: DocContext,
  target: ShareTarget,
  rights: Partial<Record<ShareRight, boolean>>,
  options: { notify?: boolean } = {},
): Promise<Doc> {
  const granted = { read: 1, write: +!!rights.write, submit: +!!rights.submit, share: +!!rights.share };
  const doc = await checkSharePermission(ctx, target.doctype, target.name, granted);
  const everyone = Boolean(target.everyone);
  const user = target.user || ctx.user;
  const existing = await findShare(ctx, doc, { user, everyone });
  if (existing) return updateDoc(ctx, 'DocShare', existing, granted, { ignorePermissions: true });
  return insertDoc(
    ctx,
    {
      doctype: 'DocShare',
      user: everyone ? null : user,
      share_doctype: doc.doctype,
      share_name: doc.name,
      everyone: +everyone,
      notify_by_email: +!!options.notify,
      ...granted,
    },
    { ignorePermissions: true },
  );
}

/**
 * Stops sharing a document with `user` (Frappe's `frappe.share.remove`); needs `share` right on it. Nothing
 * happens when it was not shared with them.
 */
export async function removeShare(
  ctx: DocContext,
  doctype: string,
  name: string,
  user: string,
): Promise<void> {
  const doc = await checkSharePermission(ctx, doctype, name);
  const existing = await findShare(ctx, doc, { user });
  if (existing) await deleteDoc(ctx, 'DocShare', existing, { ignorePermissions: true });
}

/**
 * Sets one right of a share (Frappe's `frappe.share.set_permission`): granting creates the share when there is
 * none; revoking `read` revokes everything; a share left with no right is deleted (then null is returned).
 */
export async function setSharePermission(
  ctx: DocContext,
  target: ShareTarget,
  permissionTo: string,
  value: boolean,
): Promise<Doc | null> {
  const right = shareRight(permissionTo);
  const doc = await checkSharePermission(
    ctx,
    target.doctype,
    target.name,
    value ? { [right]: 1 } : undefined,
  );
  const existing = await findShare(ctx, doc, { user: target.user || ctx.user, everyone: target.everyone });
  if (!existing) return value ? addShare(ctx, target, { [right]: true }) : null;
  const q = ctx.db.dialect.quote;
  const stored = await ctx.db.one<Record<ShareRight, unknown>>(
    `SELECT ${shareRights.map(q).join(', ')} FROM ${q(tableName('DocShare'))} WHERE ${q('name')} = ?`,
    [existing],
  );
  const next: Record<ShareRight, number> = { read: 0, write: 0, submit: 0, share: 0 };
  for (const r of shareRights) next[r] = Number(stored?.[r]) ? 1 : 0;
  if (!value && right === 'read') for (const r of shareRights) next[r] = 0;
  next[right] = +value;
  if (!shareRights.some((r) => next[r])) {
    await deleteDoc(ctx, 'DocShare', existing, { ignorePermissions: true });
    return null;
  }
  return updateDoc(ctx, 'DocShare', existing, next, { ignorePermissions: true });
}

/**
 * The shares of a document (Frappe's `frappe.share.get_users`), newest first; empty when the user may not
 * read the document. DoesNotExistError when there is no such document.
 */
export async function shareUsers(ctx: DocContext, doctype: string, name: string): Promise<ShareRow[]> {
  const doc = await sharedDocument(ctx, doctype, name);
  if (!(await hasPermission(ctx, doctype, 'read', doc))) return [];
  const q = ctx.db.dialect.quote;
  const fields = ['name', 'user', 'read', 'write', 'submit', 'share', 'everyone', 'owner', 'creation'];
  const rows = await ctx.db.all<Record<string, unknown>>(
    `SELECT ${fields.map(q).join(', ')} FROM ${q(tableName('DocShare'))}
     WHERE ${q('share_doctype')} = ? AND ${q('share_name')} = ? ORDER BY ${q('modified')} DESC`,
    [doc.doctype, doc.name],
  );
  return rows.map((row) => ({
    name: String(row.name),
    user: (row.user as string | null) ?? null,
    read: Number(row.read) || 0,
    write: Number(row.write) || 0,
    submit: Number(row.submit) || 0,
    share: Number(row.share) || 0,
    everyone: Number(row.everyone) || 0,
    owner: (row.owner as string | null) ?? null,
    creation: row.creation === null || row.creation === undefined ? null : String(row.creation),
  }));
}

/**
 * Refuses (PermissionError) a user without `share` right on the document, or granting a right they lack
 * (Frappe's `check_share_permission`); returns the document as stored. DoesNotExistError for a missing
 * document or DocType.
 */
export async function checkSharePermission(
  ctx: DocContext,
  doctype: string,
  name: string,
  granting?: Partial<Record<ShareRight, number>>,
): Promise<Doc> {
  const doc = await sharedDocument(ctx, doctype, name);
  if (!(await hasPermission(ctx, doctype, 'share', doc)))
    throw new PermissionError(`No permission to share ${doctype} ${name}`);
  for (const right of passedOn) {
    if (granting?.[right] && !(await hasPermission(ctx, doctype, right, doc))) {
      throw new PermissionError(
        `You cannot share \`${right}\` on ${doctype} \`${name}\` as you do not have \`${right}\` permission on \`${doctype}\``,
      );
    }
  }
  return doc;
}

/** The right `value` names; ValidationError for anything else. */
function shareRight(value: string): ShareRight {
  if ((shareRights as readonly string[]).includes(value)) return value as ShareRight;
  throw new ValidationError(
    `Cannot share permission ${value.slice(0, 40)}: use read, write, submit or share`,
  );
}

// The stored document a share is about: only standalone DocTypes' documents can be shared.
async function sharedDocument(ctx: DocContext, doctype: string, name: string): Promise<Doc> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  if (meta.isSingle || meta.isChild || meta.isVirtual)
    throw new ValidationError(`Documents of ${meta.name} cannot be shared`);
  const doc = await loadDoc(ctx, meta, await childMetasOf(ctx, meta), String(name));
  if (!doc) throw new DoesNotExistError(`${meta.name} ${name} not found`);
  return doc;
}

// The DocShare of this user (or of everyone) on the stored document, by name.
async function findShare(
  ctx: DocContext,
  doc: Doc,
  whom: Pick<ShareTarget, 'user' | 'everyone'>,
): Promise<string | undefined> {
  const q = ctx.db.dialect.quote;
  const params: unknown[] = [doc.doctype, doc.name];
  if (!whom.everyone) params.push(whom.user);
  const row = await ctx.db.one<{ name: string }>(
    `SELECT ${q('name')} FROM ${q(tableName('DocShare'))} WHERE ${q('share_doctype')} = ? AND ${q('share_name')} = ? AND ${whom.everyone ? `${q('everyone')} = 1` : `${q('user')} = ?`} LIMIT 1`,
    params,
  );
  return row?.name;
}
