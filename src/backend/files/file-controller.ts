// The File DocType's controller: its URL may not point at files the user cannot read, and deleting the
// last File of a stored file removes the file from disk once the deletion commits.
import type { Bench } from '../../config/bench.ts';
import { PermissionError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import { canDownload } from './file-access.ts';
import { filesDir, pathInside, removeFile } from './file-storage.ts';

const writtenBy = new WeakMap<DocContext, Set<string>>();

/** Records that this unit of work stored the file at `url` itself (so a File may point at it). */
export function markWritten(dctx: DocContext, url: string): void {
  const urls = writtenBy.get(dctx) ?? new Set<string>();
  urls.add(url);
  writtenBy.set(dctx, urls);
}

/** The stored file behind a local URL: which folder, which name; undefined for remote URLs. */
export function localFile(url: unknown): { isPrivate: boolean; name: string } | undefined {
  if (typeof url !== 'string') return undefined;
  const match = /^\/(private\/)?files\/([^/\\]+)$/.exec(url);
  return match ? { isPrivate: Boolean(match[1]), name: match[2]! } : undefined;
}

/**
 * Registers the File hooks: `validate` refuses a `file_url` with path tricks, and a private URL the user
 * neither just stored nor may already download (else anyone could claim someone's private file by
 * creating a File pointing at it); `after_delete` removes the file from `sites/<site>/{public,private}/files`
 * after commit when no other File uses it.
 */
export function registerFileController(controllers: ControllerRegistry, bench: Bench): void {
  controllers.on('File', 'validate', async (doc, { ctx, before }) => {
    const url = doc.file_url;
    if (url === undefined || url === null || url === '' || url === before?.file_url) return;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (typeof url !== 'string' || /\.\.|\\|[\u0000-\u001f]/.test(url))
      throw new ValidationError('Invalid file URL');
    const local = localFile(url);
    if (url.startsWith('/') && !local) throw new ValidationError('Invalid file URL');
    if (!local?.isPrivate || ctx.user === 'Administrator' || writtenBy.get(ctx)?.has(url)) return;
    if (!(await canDownload(ctx, url)))
      throw new PermissionError("You don't have permission to access this file");
  });

  controllers.on('File', 'after_delete', async (doc, { ctx }) => {
    const local = localFile(doc.file_url);
    if (!local) return;
    const q = ctx.db.dialect.quote;
    const others = await ctx.db.one(
      `SELECT ${q('name')} FROM ${q('tabFile')} WHERE ${q('file_url')} = ? LIMIT 1`,
      [doc.file_url],
    );
    if (others) return;
    const path = pathInside(filesDir(bench, ctx.site, local.isPrivate), local.name);
    if (path) ctx.db.afterCommit(() => removeFile(path));
  });
}
