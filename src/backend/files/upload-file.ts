// `upload_file` (Frappe's `frappe.handler.upload_file`): a multipart upload becomes a File document and a
// file under the site's public or private files.
import type { Bench } from '../../config/bench.ts';
import { PermissionError, ValidationError } from '../../errors/index.ts';
import { mediaTypeFor } from '../../mime/content-type.ts';
import type { DocContext } from '../../model/context.ts';
import { childMetasOf } from '../../model/document/child-metas.ts';
import type { Doc } from '../../model/document/doc.ts';
import { insertDoc } from '../../model/document/insert.ts';
import { loadDoc } from '../../model/document/load.ts';
import { checkPermission } from '../../model/permissions/has-permission.ts';
import { docContextOf } from '../api/doc-context.ts';
import { updateDocument } from '../api/document-ops.ts';
import type { ModelServices } from '../api/model-services.ts';
import { callMethod, type MethodRegistry } from '../methods.ts';
import type { RequestContext } from '../request-context.ts';
import { markWritten } from './file-controller.ts';
import { safeFileName } from './file-name.ts';
import { fileExists, filesDir, fileUrlOf, moveNewFile, pathInside } from './file-storage.ts';
import type { UploadedFile } from './multipart.ts';
import { removeOnFailure, uploadsOf } from './upload-state.ts';
import { allowedMimetypesForWebsiteUsers } from './upload-types.ts';

/**
 * Registers `upload_file` (POST, multipart): the part `file` (or `file_url`, an http(s) or public `/files/`
 * URL) with `is_private`, `doctype`/`docname`/`fieldname` (attach to a document: write permission on it),
 * `folder`, `file_name`, or `method` (another whitelisted method handles the upload). The file arrives
 * already on disk (streamed to a temporary file within the site's `max_file_size`: see upload-state.ts) and
 * is moved into place; its name is sanitised, its MD5 stored as `content_hash`; identical content already
 * stored with the same privacy is reused instead of stored again. Guests may upload only
 * when the site sets `allow_guests_to_upload_files`; Guests and website users only common document and
 * image types. Replies with the File document.
 */
export function registerUploadFile(registry: MethodRegistry, model: ModelServices, bench: Bench): void {
  registry.whitelist('upload_file', { allowGuest: true, methods: ['POST'] }, async (ctx) => {
    const guest = ctx.user === 'Guest';
    if (guest && !ctx.config.allow_guests_to_upload_files) throw new PermissionError();
    const dctx = docContextOf(ctx, model);
    const args = ctx.args;
    const doctype = text(args.doctype);
    const docname = text(args.docname);
    if (!guest) await checkAttachTarget(dctx, doctype, docname);
    const upload = uploadsOf(ctx).find((f) => f.fieldname === 'file');
    if (upload) checkUploadType(ctx, upload.filename);
    if (typeof args.method === 'string' && args.method) return callMethod(registry, ctx, args.method);
    const isPrivate = Number(args.is_private) ? 1 : 0;
    const file: Doc = {
      doctype: 'File',
      is_private: isPrivate,
      attached_to_doctype: doctype,
      attached_to_name: docname,
      attached_to_field: text(args.fieldname),
      folder: await existingFolder(dctx, text(args.folder)),
    };
    if (upload) Object.assign(file, await storeUpload(ctx, dctx, bench, upload, isPrivate));
    else Object.assign(file, linkedFile(text(args.file_url), text(args.file_name)));
    const saved = await insertDoc(dctx, file, { ignorePermissions: guest });
    if (doctype && docname && file.attached_to_field)
      await attachToField(dctx, doctype, docname, String(file.attached_to_field), saved);
    return saved;
  });
}

/** Guests and website users may upload only common document and image types (Frappe's list). */
export function checkUploadType(ctx: RequestContext, filename: string): void {
  if (ctx.user !== 'Guest' && ctx.userType === 'System User') return;
  const type = mediaTypeFor(filename);
  if (!type || !allowedMimetypesForWebsiteUsers.has(type))
    throw new ValidationError('You can only upload JPG, PNG, PDF, TXT, CSV or Microsoft documents.');
}

/** Frappe's check_write_permission: write on the document (when it exists yet), or on the DocType. */
export async function checkAttachTarget(dctx: DocContext, doctype?: string, docname?: string): Promise<void> {
  if (!doctype) return;
  const meta = await dctx.metas.get(dctx.db, doctype);
  if (!docname) return checkPermission(dctx, meta, 'write');
  if (meta.isSingle || meta.isChild) return checkPermission(dctx, meta, 'write');
  const doc = await loadDoc(dctx, meta, await childMetasOf(dctx, meta), docname);
  // A form not saved yet ("new-todo-1") gets its attachments linked when it is saved.
  if (doc) await checkPermission(dctx, meta, 'write', doc);
}

/**
 * Moves an upload's temporary file into the site's files (or reuses identical content already stored): the
 * File fields it gives (`file_name`, `file_url`, `file_size`, `content_hash`). Every stored upload goes here.
 */
export async function storeUpload(
  ctx: RequestContext,
  dctx: DocContext,
  bench: Bench,
  upload: UploadedFile,
  isPrivate: number,
): Promise<Record<string, unknown>> {
  const name = safeFileName(upload.filename);
  const { hash, size } = upload;
  const dir = filesDir(bench, ctx.site, Boolean(isPrivate));
  const duplicate = await sameContent(dctx, hash, isPrivate);
  if (duplicate) {
    const existing = pathInside(dir, duplicate.split('/').pop() ?? '');
    if (existing && (await fileExists(existing))) {
      markWritten(dctx, duplicate);
      return { file_name: name, file_url: duplicate, file_size: size, content_hash: hash };
    }
  }
  const stored = await moveNewFile(dir, name, upload.path, hash);
  removeOnFailure(ctx, stored.path);
  const url = fileUrlOf(stored.name, Boolean(isPrivate));
  markWritten(dctx, url);
  return { file_name: stored.name, file_url: url, file_size: size, content_hash: hash };
}

// A File pointing at content stored elsewhere: an http(s) URL or a public file (never someone's private one).
function linkedFile(url: string | undefined, fileName: string | undefined): Record<string, unknown> {
  if (!url) throw new ValidationError('Fields `file_name` or `file_url` must be set for File');
  if (!/^https?:\/\/\S+$/i.test(url) && !/^\/files\/[^/\\]+$/.test(url))
    throw new ValidationError('file_url must be an http(s) URL or a public /files/ URL');
  return {
    file_url: url,
    file_name: fileName ? safeFileName(fileName) : safeFileName(url.split('/').pop() ?? ''),
  };
}

async function sameContent(dctx: DocContext, hash: string, isPrivate: number): Promise<string | undefined> {
  const q = dctx.db.dialect.quote;
  const row = await dctx.db.one<{ file_url: string | null }>(
    `SELECT ${q('file_url')} FROM ${q('tabFile')} WHERE ${q('content_hash')} = ? AND ${q('is_private')} = ? AND ${q('file_url')} LIKE ? LIMIT 1`,
    [hash, isPrivate, isPrivate ? '/private/files/%' : '/files/%'],
  );
  return row?.file_url ?? undefined;
}

/** `folder` when it names an existing folder (a File with `is_folder`), else undefined. */
export async function existingFolder(
  dctx: DocContext,
  folder: string | undefined,
): Promise<string | undefined> {
  if (!folder) return undefined;
  const q = dctx.db.dialect.quote;
  const row = await dctx.db.one(
    `SELECT ${q('name')} FROM ${q('tabFile')} WHERE ${q('name')} = ? AND ${q('is_folder')} = 1`,
    [folder],
  );
  return row ? folder : undefined;
}

/** Sets the attached field to the file's URL, as Frappe does when the upload names one. */
export async function attachToField(
  dctx: DocContext,
  doctype: string,
  docname: string,
  field: string,
  file: Doc,
): Promise<void> {
  const meta = await dctx.metas.get(dctx.db, doctype);
  if (!meta.field(field) || meta.isChild) return;
  if (!meta.isSingle && !(await loadDoc(dctx, meta, await childMetasOf(dctx, meta), docname))) return;
  await updateDocument(dctx, doctype, docname, { [field]: file.file_url });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
