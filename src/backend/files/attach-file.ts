// `frappe.client.attach_file` (Frappe's): a file sent as a form field (base64 when `decode_base64`) becomes a
// File attached to a document, stored through the same path as `upload_file` (names, limits, deduplication).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bench } from '../../config/bench.ts';
import { MandatoryError, ValidationError } from '../../errors/index.ts';
import { insertDoc } from '../../model/document/insert.ts';
import { flagArg } from '../../model/query/index.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import type { RequestContext } from '../request-context.ts';
import { MaxFileSizeReachedError } from './errors.ts';
import { removeFile } from './file-storage.ts';
import {
  attachToField,
  checkAttachTarget,
  checkUploadType,
  existingFolder,
  storeUpload,
} from './upload-file.ts';
import { maxFileSizeOf } from './upload-limits.ts';
import { uploadTempDir } from './upload-state.ts';

const optionalString = { type: 'string' } as const;

/**
 * Registers `frappe.client.attach_file` (POST/PUT) with Frappe's arguments: `filename`, `filedata` (the
 * content; base64, optionally as a `data:` URL, when `decode_base64` is set), `doctype`, `docname` (the
 * document: write permission on it), `folder`, `is_private`, `docfield` (set to the file's URL). Replies with
 * the File document.
 */
export function registerAttachFile(registry: MethodRegistry, model: ModelServices, bench: Bench): void {
  registry.whitelist(
    'frappe.client.attach_file',
    {
      methods: ['POST', 'PUT'],
      params: {
        filename: { type: 'string', required: true },
        filedata: { type: 'string', required: true },
        doctype: { type: 'string', required: true },
        docname: { type: 'string', required: true },
        folder: optionalString,
        decode_base64: { type: 'any' },
        is_private: { type: 'any' },
        docfield: optionalString,
      },
    },
    async (ctx, args) => {
      const dctx = docContextOf(ctx, model);
      if (!args.doctype.trim() || !args.docname.trim())
        throw new MandatoryError('doctype and docname are required to attach a file');
      await checkAttachTarget(dctx, args.doctype, args.docname);
      checkUploadType(ctx, args.filename);
      const content = fileContent(args.filedata, flagArg(args.decode_base64, false));
      if (content.length > maxFileSizeOf(ctx.config)) throw new MaxFileSizeReachedError();
      const isPrivate = flagArg(args.is_private, false) ? 1 : 0;
      const path = await writeTemp(bench, ctx, content);
      try {
        const upload = {
          fieldname: 'file',
          filename: args.filename,
          contentType: 'application/octet-stream',
          path,
          size: content.length,
          hash: createHash('md5').update(content).digest('hex'),
        };
        const stored = await storeUpload(ctx, dctx, bench, upload, isPrivate);
        const file = await insertDoc(dctx, {
          doctype: 'File',
          is_private: isPrivate,
          attached_to_doctype: args.doctype,
          attached_to_name: args.docname,
          attached_to_field: args.docfield || undefined,
          folder: await existingFolder(dctx, args.folder?.trim() || undefined),
          ...stored,
        });
        if (args.docfield) await attachToField(dctx, args.doctype, args.docname, args.docfield, file);
        return file;
      } finally {
        // Moved into place, or reused identical content: either way the temporary copy is not needed.
        await removeFile(path);
      }
    },
  );
}

// Frappe stores `filedata` as sent unless asked to decode it; base64 is checked strictly (Node's decoder
// would skip what is not base64), a `data:...;base64,` prefix dropped as Frappe does.
function fileContent(filedata: string, decode: boolean): Buffer {
  if (!decode) return Buffer.from(filedata, 'utf8');
  const comma = filedata.indexOf(',');
  const data = (comma >= 0 ? filedata.slice(comma + 1) : filedata).replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/.test(data))
    throw new ValidationError('filedata is not valid base64');
  return Buffer.from(data.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

// The content waits where multipart uploads wait: inside the site, so storing it is a link, never served.
async function writeTemp(bench: Bench, ctx: RequestContext, content: Buffer): Promise<string> {
  const dir = uploadTempDir(bench.sitePath(ctx.site));
  await mkdir(dir, { recursive: true });
  const path = join(dir, `attach-${randomBytes(12).toString('hex')}`);
  await writeFile(path, content, { flag: 'wx' });
  return path;
}
