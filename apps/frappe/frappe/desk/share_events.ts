// Frappe's DocShare controller and `frappe.share` notifications, as doc_events on the core DocShare: sharing
// adds Shared / Unshared comments to the document's timeline, tells open forms (`docinfo_update`, key
// `shared`), and a share made with `notify` (its `notify_by_email`) sends the user a Notification Log.
import type { AppContext, Doc } from 'cortado';
import { bold, escapeHtml } from '../utils/html_utils.ts';
import {
  addTimelineComment,
  type DocRef,
  fullName,
  notifyUser,
  publishDocinfo,
  titleHtml,
  titleOf,
} from './timeline.ts';

// Shares inserted by this operation: `on_update` follows `after_insert` and must not announce them twice.
const inserted = new WeakSet<Doc>();

/** after_insert: comment, notification, and the share added to open forms. */
export async function after_insert_docshare(doc: Doc, ctx: AppContext): Promise<void> {
  const ref = sharedDocument(doc);
  if (!ref) return;
  inserted.add(doc);
  const owner = escapeHtml(await fullName(ctx, String(doc.owner ?? ctx.user)));
  const whom = Number(doc.everyone) ? 'everyone' : escapeHtml(await fullName(ctx, String(doc.user ?? '')));
  await addTimelineComment(ctx, ref, 'Shared', `${owner} shared this document with ${whom}`);
  if (Number(doc.notify_by_email) && !Number(doc.everyone) && typeof doc.user === 'string') {
    const by = await fullName(ctx, ctx.user);
    const title = titleHtml(await titleOf(ctx, ref));
    await notifyUser(ctx, doc.user, {
      type: 'Share',
      subject: `${bold(by)} shared a document ${bold(ref.doctype)} ${title} with you`,
      ref,
    });
  }
  publishDocinfo(ctx, ref, 'shared', 'add', shareRow(doc));
}

/** on_update: changed rights reach open forms (a new share was announced by after_insert). */
export function on_update_docshare(doc: Doc, ctx: AppContext): void {
  const ref = sharedDocument(doc);
  if (!ref || inserted.has(doc)) return;
  publishDocinfo(ctx, ref, 'shared', 'update', shareRow(doc));
}

/** after_delete: comment, and the share taken out of open forms. */
export async function after_delete_docshare(doc: Doc, ctx: AppContext): Promise<void> {
  const ref = sharedDocument(doc);
  if (!ref) return;
  const me = escapeHtml(await fullName(ctx, ctx.user));
  const whom = Number(doc.everyone) ? 'everyone' : escapeHtml(String(doc.user ?? ''));
  await addTimelineComment(ctx, ref, 'Unshared', `${me} un-shared this document with ${whom}`);
  publishDocinfo(ctx, ref, 'shared', 'delete', shareRow(doc));
}

// A docinfo `shared` entry (`frappe.share.get_users`' row).
function shareRow(doc: Doc): Record<string, unknown> {
  const flag = (v: unknown) => (Number(v) ? 1 : 0);
  return {
    name: doc.name,
    user: doc.user ?? null,
    read: flag(doc.read),
    write: flag(doc.write),
    submit: flag(doc.submit),
    share: flag(doc.share),
    everyone: flag(doc.everyone),
    owner: doc.owner ?? null,
    creation: doc.creation ?? null,
  };
}

function sharedDocument(doc: Doc): DocRef | undefined {
  const doctype = doc.share_doctype;
  const name = doc.share_name;
  return typeof doctype === 'string' && doctype && typeof name === 'string' && name
    ? { doctype, name }
    : undefined;
}
