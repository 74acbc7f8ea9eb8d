// Where uploaded files live: `sites/<site>/public/files` (served by the router) and
// `sites/<site>/private/files` (served by the backend after a permission check).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, stat, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Bench } from '../../config/bench.ts';
import { withSuffix } from './file-name.ts';

/** The folder holding a site's public or private files. */
export function filesDir(bench: Bench, site: string, isPrivate: boolean): string {
  return join(bench.sitePath(site), isPrivate ? 'private' : 'public', 'files');
}

/** The URL a stored file is served at: `/files/<name>` or `/private/files/<name>` (Frappe's `file_url`). */
export function fileUrlOf(name: string, isPrivate: boolean): string {
  return `${isPrivate ? '/private/files/' : '/files/'}${name}`;
}

/**
 * The path of `name` inside `dir`, or undefined when the name would leave the folder (a separator, `..`,
 * NUL): stored names are single path segments.
 */
export function pathInside(dir: string, name: string): string | undefined {
  if (
    !name ||
    name.includes('\0') ||
    name.includes('/') ||
    name.includes('\\') ||
    name === '.' ||
    name === '..'
  )
    return undefined;
  const root = resolve(dir);
  const path = resolve(root, name);
  return path.startsWith(root + sep) ? path : undefined;
}

/** Whether a file exists (and is a regular file). */
export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Moves the file at `source` (a finished upload, in the same site) into `dir` (created if missing) as a new
 * file named `name`, never replacing an existing file: a taken name gets Frappe's suffix (the last 6 hex
 * digits of the content hash), then a random one. A hard link claims the name atomically and fails on a
 * taken one; where the folders cannot share a link the content is copied, still refusing a taken name.
 * Returns the name used and the path written.
 *
 * @example const { name } = await moveNewFile(dir, 'report.pdf', upload.path, upload.hash); // 'report.pdf' or 'report3f9c2e.pdf'
 */
export async function moveNewFile(
  dir: string,
  name: string,
  source: string,
  hash: string,
): Promise<{ name: string; path: string }> {
  await mkdir(dir, { recursive: true });
  const candidates = [
    name,
    withSuffix(name, hash.slice(-6)),
    withSuffix(name, randomBytes(4).toString('hex')),
  ];
  for (const candidate of candidates) {
    const path = pathInside(dir, candidate);
    if (!path) continue;
    try {
      await link(source, path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST' || error.code === 'ENOENT') throw error;
        return copyFile(source, path, constants.COPYFILE_EXCL);
      });
      await removeFile(source);
      return { name: candidate, path };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`no free file name for ${name}`);
}

/** Removes a file, ignoring one that is already gone. */
export async function removeFile(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
