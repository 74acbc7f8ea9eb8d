import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BackupError } from './backup-error.ts';
import { ByteReader } from './byte-reader.ts';
import { blockSize, decodeHeader, paxPath } from './tar-header.ts';

/** What an extraction wrote. */
export interface ExtractResult {
  files: number;
  bytes: number;
}

/**
 * Extracts a files archive (from `writeFilesArchive`, or any ustar .tar.gz of regular files) into `dest`,
 * streaming. Only paths under `allowed` prefixes are accepted (no absolute paths, no `..`); a corrupt or
 * truncated archive throws `BackupError`, leaving whatever was written in `dest` for the caller to remove.
 *
 * @example await extractFilesArchive('x-files.tar.gz', stagingDir, ['public/files', 'private/files']);
 */
export async function extractFilesArchive(
  path: string,
  dest: string,
  allowed: string[],
): Promise<ExtractResult> {
  const gunzip = pipeline(createReadStream(path), createGunzip(), () => undefined);
  const reader = new ByteReader(gunzip as AsyncIterable<Buffer>);
  let files = 0;
  let bytes = 0;
  let longName: string | undefined;
  try {
    for (;;) {
      const block = await reader.readExactly(blockSize);
      if (!block) throw new BackupError('files archive is truncated');
      const entry = decodeHeader(block);
      if (!entry) return { files, bytes };
      if (entry.type === 'pax') {
        const content = await reader.readExactly(Math.ceil(entry.size / blockSize) * blockSize);
        if (!content) throw new BackupError('files archive is truncated');
        longName = paxPath(content.subarray(0, entry.size));
        continue;
      }
      if (longName) entry.name = longName.replace(/\/$/, '');
      longName = undefined;
      assertSafe(entry.name, allowed);
      const target = join(dest, entry.name);
      if (entry.type === 'directory') {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      await copyOut(reader, entry.size, target);
      const padding = (blockSize - (entry.size % blockSize)) % blockSize;
      if (padding && !(await reader.readExactly(padding)))
        throw new BackupError('files archive is truncated');
      files += 1;
      bytes += entry.size;
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`files archive is corrupt: ${(error as Error).message}`);
  } finally {
    gunzip.destroy();
  }
}

function assertSafe(name: string, allowed: string[]): void {
  const parts = name.split('/');
  const ok =
    !name.startsWith('/') &&
    !parts.includes('..') &&
    allowed.some((prefix) => name === prefix || name.startsWith(`${prefix}/`));
  if (!ok) throw new BackupError(`files archive holds an unexpected path: ${name}`);
}

async function copyOut(reader: ByteReader, size: number, target: string): Promise<void> {
  const out = createWriteStream(target);
  let failed: Error | undefined;
  out.on('error', (error) => (failed ??= error));
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
  try {
    let left = size;
    while (left > 0) {
      const chunk = await reader.readUpTo(left);
      if (!chunk) throw new BackupError('files archive is truncated');
      left -= chunk.length;
      if (failed) throw failed;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
  } catch (error) {
    out.destroy();
    throw error;
  } finally {
    // Wait for the file to close either way, so the caller may remove the folder right after.
    await closed;
  }
  if (failed) throw failed;
}
