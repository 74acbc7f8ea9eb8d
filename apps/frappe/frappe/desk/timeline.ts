// What the form's side machinery (assignments, tags, likes, shares, attachments) shares: the permission check
// on the document it acts on, Frappe's timeline comments (`doc.add_comment`), `docinfo_update` events to the
// document's room, and Notification Logs for other users.
import { type AppContext, type Doc, PermissionError } from 'cortado';
import { escapeHtml } from '../utils/html_utils.ts';

/** A document by its DocType and name, as the desk's methods take it. */
export interface DocRef {
  doctype: string;
  name: string;
}

/**
 * The document as stored, refused (PermissionError, nothing changed) unless the session user has `ptype` on
 * it; DoesNotExistError (404) when there is none.
 */
export async function permittedDocument(ctx: AppContext, ref: DocRef, ptype = 'read'): Promise<Doc> {
  const doc = await ctx.getDoc(ref.doctype, ref.name);
  if (!(await ctx.hasPermission(ref.doctype, ptype, doc)))
    throw new PermissionError(`No permission to ${ptype} ${ref.doctype} ${ref.name}`);
  return doc;
}

/**
 * Frappe's `doc.add_comment(comment_type, text)`: a Comment on the document's timeline, by the session user.
 * Nothing is added when the document no longer exists.
 */
export async function addTimelineComment(
  ctx: AppContext,
  ref: DocRef,
  commentType: string,
  text: string,
): Promise<Doc | undefined> {
  if (!(await ctx.exists(ref.doctype, ref.name))) return undefined;
  return ctx.insert(
    {
      doctype: 'Comment',
      comment_type: commentType,
      comment_email: ctx.user,
      reference_doctype: ref.doctype,
      reference_name: ref.name,
      content: text,
    },
    { ignorePermissions: true },
  );
}

/** What a `docinfo_update` says changed in one list of the document's docinfo. */
export type DocinfoAction = 'add' | 'update' | 'delete';

/**
 * Sends `docinfo_update` (`{doc, key, action}`) to the document's room after commit. `doc` carries
 * `reference_doctype`/`reference_name` (the desk ignores events for other documents) and `name` (how it
 * finds the entry to update or delete).
 */
export function publishDocinfo(
  ctx: AppContext,
  ref: DocRef,
  key: string,
  action: DocinfoAction,
  doc: Record<string, unknown>,
): void {
  ctx.publishRealtime(
    'docinfo_update',
    { doc: { ...doc, reference_doctype: ref.doctype, reference_name: ref.name }, key, action },
    { doctype: ref.doctype, docname: ref.name },
  );
}

/** A Notification Log for `forUser` (Frappe's `enqueue_create_notification`): never about one's own action. */
export async function notifyUser(
  ctx: AppContext,
  forUser: string,
  notification: {
    type: 'Assignment' | 'Share' | 'Mention' | 'Alert';
    subject: string;
    ref: DocRef;
    emailContent?: string | undefined;
  },
): Promise<void> {
  if (!forUser || forUser === ctx.user) return;
  if (!Number(await ctx.getValue('User', forUser, 'enabled'))) return;
  await ctx.insert(
    {
      doctype: 'Notification Log',
      for_user: forUser,
      from_user: ctx.user,
      type: notification.type,
      subject: notification.subject,
      document_type: notification.ref.doctype,
      document_name: notification.ref.name,
      email_content: notification.emailContent,
    },
    { ignorePermissions: true },
  );
}

/** Frappe's `get_fullname`: the user's full name, or the user id. */
export async function fullName(ctx: AppContext, user: string | null | undefined): Promise<string> {
  if (!user) return '';
  const name = await ctx.getValue<string>('User', user, 'full_name');
  return name || user;
}

/** Frappe's `get_title`: the document's title field, or its name. */
export async function titleOf(ctx: AppContext, ref: DocRef): Promise<string> {
  const field = await ctx.getValue<string>('DocType', ref.doctype, 'title_field');
  if (!field) return ref.name;
  const title = await ctx.getValue(ref.doctype, ref.name, field).catch(() => undefined);
  return title === undefined || title === null || title === '' ? ref.name : String(title);
}

/** Frappe's `get_title_html`. */
export function titleHtml(title: string): string {
  return `<span class="subject-title">${escapeHtml(title)}</span>`;
}

/** A list of strings as Python's `json.dumps` writes it (`["a", "b"]`): how Frappe stores `_assign`, `_liked_by`. */
export function pythonJsonList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}
