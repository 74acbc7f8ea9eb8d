// A document's docinfo (`frappe.desk.form.load.get_docinfo`) and the desk methods that change it, with
// Frappe v15's paths and argument names, so the desk talks to Cortado as Frappe's own desk does.
import { boot } from '../boot.ts';
import { type CommentEntry, type Docinfo, normalizeDocinfo } from '../model/docinfo.ts';
import { api, call } from './client.ts';
import { getList } from './resource.ts';

/** `frappe.desk.form.load.get_docinfo`: Frappe answers `{docinfo}` beside `message`. */
export async function getDocinfo(doctype: string, name: string): Promise<Docinfo> {
  const reply = await api<{ docinfo?: unknown; message?: unknown }>(
    'GET',
    '/api/method/frappe.desk.form.load.get_docinfo',
    { query: { doctype, name } },
  );
  return normalizeDocinfo(reply.docinfo ?? reply.message);
}

/** The users who liked the document (its `_liked_by`, a JSON list). */
export async function getLikedBy(doctype: string, name: string): Promise<string[]> {
  const rows = await getList<{ _liked_by?: string | null }>(doctype, {
    fields: ['_liked_by'],
    filters: [['name', '=', name]],
    pageLength: 1,
  });
  try {
    const parsed: unknown = JSON.parse(rows[0]?._liked_by || '[]');
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** `frappe.desk.form.utils.add_comment`: returns the new Comment. */
export function addComment(doctype: string, name: string, content: string): Promise<CommentEntry> {
  return call<CommentEntry>('frappe.desk.form.utils.add_comment', {
    reference_doctype: doctype,
    reference_name: name,
    content,
    comment_email: boot.user,
    comment_by: boot.full_name,
  });
}

/** `frappe.desk.form.utils.update_comment`. */
export async function updateComment(name: string, content: string): Promise<void> {
  await call('frappe.desk.form.utils.update_comment', { name, content });
}

/** Deletes a comment as Frappe's timeline does (`frappe.client.delete` of the Comment). */
export async function deleteComment(name: string): Promise<void> {
  await call('frappe.client.delete', { doctype: 'Comment', name });
}

/** `frappe.desk.form.assign_to.add`; `assign_to` goes as a JSON list, as Frappe's desk sends it. */
export async function assign(doctype: string, name: string, users: string[]): Promise<void> {
  await call('frappe.desk.form.assign_to.add', { doctype, name, assign_to: JSON.stringify(users) });
}

/** `frappe.desk.form.assign_to.remove`. */
export async function unassign(doctype: string, name: string, user: string): Promise<void> {
  await call('frappe.desk.form.assign_to.remove', { doctype, name, assign_to: user });
}

/** `frappe.desk.doctype.tag.tag.add_tag`. */
export async function addTag(doctype: string, name: string, tag: string): Promise<void> {
  await call('frappe.desk.doctype.tag.tag.add_tag', { tag, dt: doctype, dn: name });
}

/** `frappe.desk.doctype.tag.tag.remove_tag`. */
export async function removeTag(doctype: string, name: string, tag: string): Promise<void> {
  await call('frappe.desk.doctype.tag.tag.remove_tag', { tag, dt: doctype, dn: name });
}

/** `frappe.desk.like.toggle_like` (`add`: "Yes" likes, "No" unlikes). */
export async function toggleLike(doctype: string, name: string, like: boolean): Promise<void> {
  await call('frappe.desk.like.toggle_like', { doctype, name, add: like ? 'Yes' : 'No' });
}

/** `frappe.desk.form.utils.remove_attach`, as Frappe's sidebar removes an attachment. */
export async function removeAttachment(doctype: string, name: string, fileName: string): Promise<void> {
  await call('frappe.desk.form.utils.remove_attach', { fid: fileName, dt: doctype, dn: name });
}

/** `frappe.share.add`: read access for `user`, who is notified. */
export async function share(doctype: string, name: string, user: string): Promise<void> {
  await call('frappe.share.add', { doctype, name, user, read: 1, notify: 1 });
}

/** `frappe.share.remove`. */
export async function unshare(doctype: string, name: string, user: string): Promise<void> {
  await call('frappe.share.remove', { doctype, name, user });
}

/**
 * The documents linking to this one, per DocType, as Frappe's "Linked With" asks: which DocTypes may link
 * here (`get_linked_doctypes`), then the readable documents that do (`get_linked_docs` with that `linkinfo`).
 */
export async function getLinkedDocs(
  doctype: string,
  name: string,
): Promise<Record<string, Array<Record<string, unknown>>>> {
  const linkinfo = await call<Record<string, unknown>>(
    'frappe.desk.form.linked_with.get_linked_doctypes',
    { doctype },
    'GET',
  );
  if (!linkinfo || !Object.keys(linkinfo).length) return {};
  const linked = await call<Record<string, unknown>>('frappe.desk.form.linked_with.get_linked_docs', {
    doctype,
    name,
    linkinfo,
  });
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const [dt, rows] of Object.entries(linked ?? {}))
    if (Array.isArray(rows) && rows.length) out[dt] = rows as Array<Record<string, unknown>>;
  return out;
}
