import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  lstatSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { BackupError } from './backup-error.ts';
import { blockSize, encodeHeader, paxRecord, splitName, type TarEntry } from './tar-header.ts';

/** What a files archive holds. */
export interface FilesArchive {
  path: string;
  files: number;
  bytes: number;
}

/**
 * Writes the folders `dirs` (relative to `root`, e.g. `public/files`) as a .tar.gz that any `tar xzf` reads,
 * streaming each file (constant memory), to a temp file renamed into place when complete. Symlinks are skipped.
 *
 * @example await writeFilesArchive('/b/x-files.tar.gz', 'sites/erp.local', ['public/files', 'private/files']);
 */
export async function writeFilesArchive(path: string, root: string, dirs: string[]): Promise<FilesArchive> {
  const tmp = `${path}.${process.pid}.tmp`;
  const gzip = createGzip();
  const file = createWriteStream(tmp);
  gzip.pipe(file);
  let failed: Error | undefined;
  gzip.on('error', (e) => (failed ??= e));
  file.on('error', (e) => (failed ??= e));
  const put = async (chunk: Buffer) => {
    if (failed) throw failed;
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  let files = 0;
  let bytes = 0;
  try {
    for (const dir of dirs) {
      if (!existsSync(join(root, dir))) continue;
      for (const name of walk(root, dir)) {
        const stat = lstatSync(join(root, name));
        const base = { mode: stat.mode, mtime: stat.mtimeMs / 1000 };
        if (stat.isDirectory()) {
          await putHeader(put, { ...base, name: `${name}/`, size: 0, type: 'directory' });
          continue;
        }
        await putHeader(put, { ...base, name, size: stat.size, type: 'file' });
        await copyExactly(join(root, name), stat.size, put);
        files += 1;
        bytes += stat.size;
      }
    }
    await put(Buffer.alloc(blockSize * 2));
    gzip.end();
    if (!file.closed) await once(file, 'close');
    if (failed) throw failed;
    renameSync(tmp, path);
    return { path, files, bytes };
  } catch (error) {
    gzip.destroy();
    file.destroy();
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Writes an entry's header, preceded by a pax header when its path is too long for ustar. */
async function putHeader(put: (chunk: Buffer) => Promise<void>, entry: TarEntry): Promise<void> {
  if (!splitName(entry.name)) {
    const record = paxRecord(entry.name);
    await put(
      encodeHeader({ name: 'PaxHeader', size: record.length, mode: 0o644, mtime: entry.mtime, type: 'pax' }),
    );
    await put(Buffer.concat([record, Buffer.alloc((blockSize - (record.length % blockSize)) % blockSize)]));
  }
  await put(encodeHeader(entry));
}

/** Paths (relative to root) under `dir`, directories before their contents; regular files and folders only. */
function* walk(root: string, dir: string): Generator<string> {
  yield dir;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const name = `${dir}/${entry.name}`;
    if (entry.isDirectory()) yield* walk(root, name);
    else if (entry.isFile()) yield name;
  }
}

async function copyExactly(
  source: string,
  size: number,
  put: (chunk: Buffer) => Promise<void>,
): Promise<void> {
  let copied = 0;
  for await (const chunk of createReadStream(source)) {
    const buffer = chunk as Buffer;
    copied += buffer.length;
    if (copied > size) break;
    await put(buffer);
  }
  if (copied !== size)
    throw new BackupError(`${source} changed while it was being archived; run the backup again`);
  const padding = (blockSize - (size % blockSize)) % blockSize;
  if (padding) await put(Buffer.alloc(padding));
}
