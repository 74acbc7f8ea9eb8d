// Frappe's Comment controller (the DocType itself is Cortado's core, src/core/doctypes/comment.json), as the
// built-in app's `doc_events` on Comment: content sanitized, `_comments` kept on the commented document, @mentions
// notified, and `docinfo_update` sent to the document's room so open forms follow. Its `has_permission` hook: a
// comment is only for those who may read what it is about.
import type { AppContext, Doc } from 'cortado';
import { notify_mentions } from '../../../desk/notifications.ts';
import { sanitizeHtml } from '../../../utils/html_utils.ts';

// Frappe's docinfo list each kind of comment belongs to (the key of `docinfo_update`).
const docinfoKeys: Readonly<Record<string, string>> = {
  Like: 'like_logs',
  Assigned: 'assignment_logs',
  'Assignment Completed': 'assignment_logs',
  Comment: 'comments',
  Attachment: 'attachment_logs',
  'Attachment Removed': 'attachment_logs',
};

// How many comments `_comments` keeps, and how much of each (Frappe's numbers).
const keptComments = 100;
const commentPreview = 100;

/** One entry of a document's `_comments` (Frappe's JSON list). */
export interface CommentSummary {
  comment: string;
  by: string;
  name: string;
}

// doc_events are not told whether `on_update` follows an insert: `after_insert` (which runs first) marks the
// document object, so its `on_update` does not announce an edit.
const inserted = new WeakSet<Doc>();

export function validate(doc: Doc, ctx: AppContext): void {
  if (!doc.comment_email) doc.comment_email = ctx.user;
  doc.content = sanitizeHtml(doc.content);
}

export async function after_insert(doc: Doc, ctx: AppContext): Promise<void> {
  inserted.add(doc);
  await notify_mentions(ctx, doc.reference_doctype, doc.reference_name, doc.content);
  notifyChange(ctx, doc, 'add');
}

export async function on_update(doc: Doc, ctx: AppContext): Promise<void> {
  await updateCommentInDoc(ctx, doc);
  if (!inserted.has(doc)) notifyChange(ctx, doc, 'update');
}

export async function on_trash(doc: Doc, ctx: AppContext): Promise<void> {
  const target = await commentedTable(ctx, doc);
  if (target) {
    const kept = await commentsOf(ctx, target);
    if (kept) {
      const rest = kept.filter((c) => c?.name !== doc.name);
      if (rest.length !== kept.length) await storeComments(ctx, target, rest);
    }
  }
  notifyChange(ctx, doc, 'delete');
}

/**
 * `has_permission` on Comment: refused to anyone who may not read the commented document (Administrator is never
 * asked). A comment whose document is gone is left to the rules.
 */
export async function has_permission(
  doc: Readonly<Record<string, unknown>>,
  _ptype: string,
  ctx: AppContext,
): Promise<boolean | undefined> {
  const { reference_doctype: dt, reference_name: dn } = doc;
  if (typeof dt !== 'string' || typeof dn !== 'string' || !dt || !dn || dt === 'Comment') return undefined;
  if (!(await referenceExists(ctx, dt, dn))) return undefined;
  return (await ctx.hasPermission(dt, 'read', dn)) ? undefined : false;
}

function notifyChange(ctx: AppContext, doc: Doc, action: 'add' | 'update' | 'delete'): void {
  const key = docinfoKeys[String(doc.comment_type)];
  const { reference_doctype: doctype, reference_name: docname } = doc;
  if (!key || typeof doctype !== 'string' || typeof docname !== 'string' || !doctype || !docname) return;
  ctx.publishRealtime('docinfo_update', { doc: { ...doc }, key, action }, { doctype, docname });
}

// Frappe's `update_comment_in_doc`: a user's comment (type Comment) is added to, or updated in, the commented
// document's `_comments`, written without touching its `modified`.
async function updateCommentInDoc(ctx: AppContext, doc: Doc): Promise<void> {
  if (doc.comment_type !== 'Comment' || !doc.content) return;
  const target = await commentedTable(ctx, doc);
  if (!target) return;
  const kept = await commentsOf(ctx, target);
  if (!kept) return;
  const comment = preview(String(doc.content));
  const existing = kept.find((c) => c?.name === doc.name);
  if (existing) existing.comment = comment;
  else kept.push({ comment, by: String(doc.comment_email || doc.owner || ctx.user), name: String(doc.name) });
  await storeComments(ctx, target, kept);
}

function preview(content: string): string {
  if (content.length <= commentPreview) return content;
  const chars = Array.from(content);
  return chars.length > commentPreview ? `${chars.slice(0, commentPreview - 3).join('')}...` : content;
}

interface Commented {
  doctype: string;
  name: string;
}

// The document a comment is about, when it has a table with `_comments` (not a Single, virtual or child DocType).
async function commentedTable(ctx: AppContext, doc: Doc): Promise<Commented | undefined> {
  const { reference_doctype: doctype, reference_name: name } = doc;
  if (typeof doctype !== 'string' || typeof name !== 'string' || !doctype || !name) return undefined;
  const [meta] = await ctx.getAll<{ issingle: unknown; istable: unknown; is_virtual: unknown }>('DocType', {
    fields: ['issingle', 'istable', 'is_virtual'],
    filters: { name: doctype },
    limit: 1,
  });
  if (!meta || Number(meta.issingle) || Number(meta.istable) || Number(meta.is_virtual)) return undefined;
  return { doctype, name };
}

// The document's `_comments` as a list (an unreadable value reads as none); undefined when the document is gone.
async function commentsOf(ctx: AppContext, target: Commented): Promise<CommentSummary[] | undefined> {
  const [row] = await ctx.sql<{ _comments: unknown }>(
    `SELECT ${ctx.quote('_comments')} FROM ${ctx.quote(`tab${target.doctype}`)} WHERE ${ctx.quote('name')} = ?`,
    [target.name],
  );
  if (!row) return undefined;
  try {
    const parsed = JSON.parse(String(row._comments || '[]'));
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function storeComments(ctx: AppContext, target: Commented, comments: CommentSummary[]): Promise<void> {
  return ctx.setValue(
    target.doctype,
    target.name,
    { _comments: JSON.stringify(comments.slice(-keptComments)) },
    { updateModified: false },
  );
}

async function referenceExists(ctx: AppContext, doctype: string, name: string): Promise<boolean> {
  const [known] = await ctx.getAll('DocType', { fields: ['name'], filters: { name: doctype }, limit: 1 });
  return known !== undefined && (await ctx.exists(doctype, name)) !== undefined;
}
