// Frappe's File controller on attachments, as doc_events on the core File: attaching a file to a document
// (upload_file, attach_file, or a File saved any other way) adds an Attachment comment to its timeline and the
// file to open forms (`docinfo_update`, key `attachments`); deleting it adds Attachment Removed.
import type { AppContext, Doc } from 'cortado';
import { escapeHtml } from '../utils/html_utils.ts';
import { addTimelineComment, type DocRef, publishDocinfo } from './timeline.ts';

/** after_insert: "Added <file>" on the document's timeline. */
export async function after_insert_file(doc: Doc, ctx: AppContext): Promise<void> {
  const ref = attachedTo(doc);
  if (!ref) return;
  const name = escapeHtml(String(doc.file_name || doc.file_url || ''));
  const url = escapeHtml(encodeURI(String(doc.file_url || doc.file_name || '')));
  const icon = Number(doc.is_private) ? ' <i class="fa fa-lock text-warning"></i>' : '';
  await addTimelineComment(
    ctx,
    ref,
    'Attachment',
    `Added <a href='${url}' target='_blank'>${name}</a>${icon}`,
  );
  publishDocinfo(ctx, ref, 'attachments', 'add', attachmentRow(doc));
}

/** after_delete: "Removed <file>" on the document's timeline. */
export async function after_delete_file(doc: Doc, ctx: AppContext): Promise<void> {
  const ref = attachedTo(doc);
  if (!ref) return;
  await addTimelineComment(
    ctx,
    ref,
    'Attachment Removed',
    `Removed ${escapeHtml(String(doc.file_name ?? ''))}`,
  );
  publishDocinfo(ctx, ref, 'attachments', 'delete', attachmentRow(doc));
}

// A docinfo `attachments` entry (Frappe's `get_attachments` row).
function attachmentRow(doc: Doc): Record<string, unknown> {
  return {
    name: doc.name,
    file_name: doc.file_name,
    file_url: doc.file_url,
    is_private: Number(doc.is_private) ? 1 : 0,
  };
}

function attachedTo(doc: Doc): DocRef | undefined {
  if (Number(doc.is_folder)) return undefined;
  const doctype = doc.attached_to_doctype;
  const name = doc.attached_to_name;
  return typeof doctype === 'string' && doctype && typeof name === 'string' && name
    ? { doctype, name }
    : undefined;
}
