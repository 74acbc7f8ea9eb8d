// The timeline entries this app writes (likes, assignments, attachments) reach open forms as Frappe's Comment
// controller sends them: `docinfo_update` with the docinfo list each comment type belongs to. Plain comments
// ("Comment") are the comment flow's own.
import type { AppContext, Doc } from 'cortado';
import { publishDocinfo } from './timeline.ts';

// Frappe's `Comment.notify_change` key map, for the types written here.
const docinfoKeys: Readonly<Record<string, string>> = {
  Like: 'like_logs',
  Assigned: 'assignment_logs',
  'Assignment Completed': 'assignment_logs',
  Attachment: 'attachment_logs',
  'Attachment Removed': 'attachment_logs',
};

/** after_insert: the new entry added to open forms. */
export function after_insert_comment(doc: Doc, ctx: AppContext): void {
  notifyChange(doc, ctx, 'add');
}

/** after_delete: the entry taken out of open forms. */
export function after_delete_comment(doc: Doc, ctx: AppContext): void {
  notifyChange(doc, ctx, 'delete');
}

function notifyChange(doc: Doc, ctx: AppContext, action: 'add' | 'delete'): void {
  const key = docinfoKeys[String(doc.comment_type ?? '')];
  const doctype = doc.reference_doctype;
  const name = doc.reference_name;
  if (!key || typeof doctype !== 'string' || typeof name !== 'string' || !doctype || !name) return;
  publishDocinfo(ctx, { doctype, name }, key, action, { ...doc });
}
