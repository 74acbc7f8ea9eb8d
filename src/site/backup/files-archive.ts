// A site's files as a .tar.gz, written and read with node-tar (streaming, never the whole archive in
// memory). Plain `tar` reads what this writes, and what plain `tar czf` writes can be restored.
import { createWriteStream, existsSync, renameSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { BackupError } from './backup-error.ts';

/** What a files archive holds. */
export interface FilesArchive {
  path: string;
  files: number;
  bytes: number;
}

/** What an extraction wrote. */
export interface ExtractResult {
  files: number;
  bytes: number;
}

// Read files and archives 1 MiB at a time (node-tar's default is 16 MiB).
const maxReadSize = 1 << 20;

// Never write hard-link entries: every file goes in whole, so restoring never has to trust a link.
const noLinks = new (class extends Map<`${number}:${number}`, string> {
  override set(): this {
    return this;
  }
})();

/**
 * Writes the folders `dirs` (relative to `root`, e.g. `public/files`) as a .tar.gz that any `tar xzf` reads,
 * streaming each file, to a temp file renamed into place when complete. Only regular files and folders go
 * in (symlinks and devices are skipped); no owner names or ids (`portable`).
 *
 * @example await writeFilesArchive('/b/x-files.tar.gz', 'sites/erp.local', ['public/files', 'private/files']);
 */
export async function writeFilesArchive(path: string, root: string, dirs: string[]): Promise<FilesArchive> {
  const tmp = `${path}.${process.pid}.tmp`;
  let files = 0;
  let bytes = 0;
  const pack = new tar.Pack({
    cwd: root,
    gzip: true,
    maxReadSize,
    portable: true,
    strict: true,
    linkCache: noLinks,
    filter: (_name, stat) => {
      if (!('isFile' in stat) || !(stat.isFile() || stat.isDirectory())) return false;
      if (stat.isFile()) {
        files += 1;
        bytes += stat.size;
      }
      return true;
    },
  });
  try {
    for (const dir of dirs) if (existsSync(join(root, dir))) pack.add(dir);
    pack.end();
    await pipeline(pack, createWriteStream(tmp));
    renameSync(tmp, path);
    return { path, files, bytes };
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new BackupError(`cannot archive the site's files: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Extracts a files archive (from `writeFilesArchive`, or a `tar czf` of the same folders) into `dest`. The
 * archive is read through once before anything is written: every entry must be a regular file or folder
 * under one of `allowed` (no absolute path, no `..`, no link of any kind, no device), and the files must fit
 * in the free space of `dest`; a corrupt or truncated archive or a refused entry throws `BackupError`
 * naming it. Then it is extracted, owners not applied. A failure in the second pass leaves what was written
 * in `dest` for the caller to remove.
 *
 * @example await extractFilesArchive('x-files.tar.gz', stagingDir, ['public/files', 'private/files']);
 */
export async function extractFilesArchive(
  path: string,
  dest: string,
  allowed: string[],
): Promise<ExtractResult> {
  const found = await inspect(path, allowed, freeBytes(dest), dest);
  await read(
    path,
    tar.extract({
      file: path,
      maxReadSize,
      cwd: dest,
      strict: true,
      preserveOwner: false,
      filter: (name) => isAllowed(name, allowed),
    }),
  );
  return found;
}

// The first pass: every header checked, nothing written; the first refused entry ends the verdict.
async function inspect(path: string, allowed: string[], free: number, dest: string): Promise<ExtractResult> {
  let refused: BackupError | undefined;
  let files = 0;
  let bytes = 0;
  const check = (entry: tar.ReadEntry) => {
    const name = entry.path;
    if (refused) return;
    if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'Directory')
      refused = new BackupError(`files archive holds a ${entry.type} entry, refused: ${name}`);
    else if (!isAllowed(name, allowed) || (entry.type !== 'Directory' && allowed.includes(trimmed(name))))
      refused = new BackupError(`files archive holds an unexpected path: ${name}`);
    if (entry.type === 'Directory') return;
    files += 1;
    bytes += entry.size ?? 0;
    if (bytes > free)
      refused = new BackupError(
        `files archive ${path} holds more than the ${free} bytes free in ${dest} (at ${name})`,
      );
  };
  const failure = await read(
    path,
    tar.list({ file: path, maxReadSize, strict: true, onReadEntry: check }),
  ).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (refused) throw refused;
  if (failure) throw failure;
  return { files, bytes };
}

async function read(path: string, done: Promise<void>): Promise<void> {
  try {
    await done;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const message = (error as Error).message ?? String(error);
    throw new BackupError(`files archive ${path} is corrupt or truncated: ${message.split('\n')[0]}`, {
      cause: error,
    });
  }
}

/** Whether an entry's path is inside one of the allowed folders: relative, no `..`, no backslash or NUL. */
function isAllowed(name: string, allowed: string[]): boolean {
  const path = trimmed(name);
  if (path.startsWith('/') || /[\\\0]/.test(path) || path.split('/').some((part) => part === '..'))
    return false;
  return allowed.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

// `./public/files/a/` → `public/files/a` (what plain `tar -C site .` writes).
function trimmed(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}
