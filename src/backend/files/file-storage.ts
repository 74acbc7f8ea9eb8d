// Where uploaded files live: `sites/<site>/public/files` (served by the router) and
// `sites/<site>/private/files` (served by the backend after a permission check).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
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

/** Frappe's `content_hash`: the MD5 of the content, hex. */
export function contentHash(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
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
 * Writes `data` as a new file named `name` in `dir` (created if missing), never replacing an existing file:
 * a taken name gets Frappe's suffix (the last 6 hex digits of the content hash), then a random one. Returns
 * the name used and the path written.
 *
 * @example const { name } = await writeNewFile(dir, 'report.pdf', data, hash); // 'report.pdf' or 'report3f9c2e.pdf'
 */
export async function writeNewFile(
  dir: string,
  name: string,
  data: Buffer,
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
      await writeFile(path, data, { flag: 'wx' });
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
