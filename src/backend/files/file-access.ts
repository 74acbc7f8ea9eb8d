// Who may download a File (Frappe's `frappe.core.doctype.file.file.has_permission`, as `is_downloadable`).
import type { DocContext } from '../../model/context.ts';
import { childMetasOf } from '../../model/document/child-metas.ts';
import { loadDoc } from '../../model/document/load.ts';
import { hasPermission } from '../../model/permissions/has-permission.ts';

/** The File fields the rule reads. */
export interface FileRecord {
  name: string;
  owner?: unknown;
  is_private?: unknown;
  file_url?: unknown;
  attached_to_doctype?: unknown;
  attached_to_name?: unknown;
}

/**
 * Whether the context's user may read the file: Administrator always; a public file anyone; a private one
 * its owner, or whoever may read (for `write`: write) the document it is attached to. Nobody else, whatever
 * their roles, as in Frappe.
 */
export async function canAccessFile(
  dctx: DocContext,
  file: FileRecord,
  ptype: 'read' | 'write' = 'read',
): Promise<boolean> {
  if (dctx.user === 'Administrator') return true;
  if (!Number(file.is_private) && ptype === 'read') return true;
  if (dctx.user !== 'Guest' && file.owner === dctx.user) return true;
  const doctype = file.attached_to_doctype;
  const name = file.attached_to_name;
  if (typeof doctype !== 'string' || !doctype || typeof name !== 'string' || !name) return false;
  const meta = await dctx.metas.find(dctx.db, doctype);
  if (!meta || meta.isChild) return false;
  if (meta.isSingle) return hasPermission(dctx, meta, ptype);
  const doc = await loadDoc(dctx, meta, await childMetasOf(dctx, meta), name);
  return doc ? hasPermission(dctx, meta, ptype, doc) : false;
}

/**
 * The File records with `fileUrl`, read without permission checks (for the caller to judge each with
 * `canAccessFile`).
 */
export async function filesByUrl(dctx: DocContext, fileUrl: string): Promise<FileRecord[]> {
  const q = dctx.db.dialect.quote;
  return dctx.db.all<FileRecord & Record<string, unknown>>(
    `SELECT ${['name', 'owner', 'is_private', 'file_url', 'attached_to_doctype', 'attached_to_name'].map(q).join(', ')}
     FROM ${q('tabFile')} WHERE ${q('file_url')} = ? LIMIT 50`,
    [fileUrl],
  );
}

/** Whether some File with `fileUrl` is readable by the user (Frappe's `find_file_by_url`). */
export async function canDownload(dctx: DocContext, fileUrl: string): Promise<boolean> {
  for (const file of await filesByUrl(dctx, fileUrl)) if (await canAccessFile(dctx, file)) return true;
  return false;
}
