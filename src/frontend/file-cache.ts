// Static files from memory. Serving a file from disk costs an open, an fstat, a read and a close,
// each a round trip through libuv's thread pool; nginx does those as plain syscalls. Here a file is
// read once and kept, and each request costs one synchronous stat (as nginx's open + fstat) that
// proves the copy is still the file's current content: a file rebuilt in place (same name, new
// bytes) changes its inode, size, mtime or ctime and is read again on its next request, so a rebuilt
// asset is never served stale, not even for a moment.
import { type Stats, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { compressBuffer, type Encoding } from './compression.ts';

/** A regular file's content as it was when read, with what its responses need. */
export interface FileSnapshot {
  readonly body: Buffer;
  readonly size: number;
  readonly mtimeMs: number;
  /** The ETag's opaque part: `<mtime ms hex>-<size hex>`. */
  readonly tag: string;
  readonly lastModified: string;
}

/** A regular file too big to keep in memory: served from disk. */
export interface LargeFile {
  readonly stats: Stats;
}

interface Entry extends FileSnapshot {
  readonly path: string;
  readonly ino: number;
  readonly ctimeMs: number;
  /** Compressed once, on the first request that wants this coding. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
  /** Bytes of the finished compressed copies. */
  encodedBytes: number;
  /** Read since the eviction hand last passed (second-chance eviction). */
  used: boolean;
}

/** Sizes of a {@link FileCache}. */
export interface FileCacheLimits {
  /** Bytes kept in all (bodies and compressed copies counted). */
  maxBytes: number;
  /** Files larger than this are streamed from disk, never kept. */
  maxFileBytes: number;
}

/** 64 MiB in all, files up to 2 MiB: every bundle of the desk and Frappe's assets fits. */
export const DEFAULT_FILE_CACHE_LIMITS: FileCacheLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024,
};

/**
 * Regular files by absolute path, checked against the disk on every lookup.
 *
 * @example const files = new FileCache(); const file = await files.lookup('/srv/sites/assets/app.css');
 */
export class FileCache {
  readonly #entries = new Map<string, Entry>();
  readonly #limits: FileCacheLimits;
  #bytes = 0;

  constructor(limits: FileCacheLimits = DEFAULT_FILE_CACHE_LIMITS) {
    this.#limits = limits;
  }

  /** Bytes held: bodies and finished compressed copies. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * The file at `path`: its snapshot (from memory when current), a {@link LargeFile} to stream, or
   * undefined when there is no regular file there. Synchronous on a hit.
   */
  lookup(path: string): FileSnapshot | LargeFile | undefined | Promise<FileSnapshot | LargeFile | undefined> {
    const stats = statOf(path);
    const cached = this.#entries.get(path);
    if (stats === undefined || !stats.isFile()) {
      if (cached) this.#drop(path, cached);
      return undefined;
    }
    if (cached && sameFile(cached, stats)) {
      cached.used = true;
      return cached;
    }
    if (cached) this.#drop(path, cached);
    if (stats.size > this.#limits.maxFileBytes) return { stats };
    return this.#read(path);
  }

  /** `file`'s body in `encoding`, compressed on first use and kept with the file. */
  encoded(file: FileSnapshot, encoding: Encoding): Promise<Buffer> {
    const entry = file as Entry;
    let done = entry.encoded[encoding];
    if (done === undefined) {
      done = compressBuffer(encoding, entry.body);
      entry.encoded[encoding] = done;
      done.then(
        (buffer) => {
          // Counted only while the file is still the one cached under its path.
          if (this.#entries.get(entry.path) !== entry) return;
          entry.encodedBytes += buffer.length;
          this.#grow(buffer.length);
        },
        () => delete entry.encoded[encoding],
      );
    }
    return done;
  }

  async #read(path: string): Promise<FileSnapshot | LargeFile | undefined> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch {
      return undefined;
    }
    try {
      const before = await handle.stat();
      if (!before.isFile()) return undefined;
      if (before.size > this.#limits.maxFileBytes) return { stats: before };
      const body = await handle.readFile();
      const after = await handle.stat();
      const entry = entryOf(path, body, after);
      // Written to while being read: serve what was read, but do not keep a possibly torn copy.
      if (!sameFile(entryOf(path, body, before), after) || body.length !== after.size) return entry;
      this.#remember(entry);
      return entry;
    } finally {
      await handle.close();
    }
  }

  #remember(entry: Entry): void {
    const old = this.#entries.get(entry.path);
    if (old) this.#drop(entry.path, old);
    this.#entries.set(entry.path, entry);
    this.#grow(entry.size);
  }

  #grow(bytes: number): void {
    this.#bytes += bytes;
    if (this.#bytes > this.#limits.maxBytes) this.#evict();
  }

  // Second chance: entries read since the last pass are moved to the back, the others dropped, until
  // the cache is back under its budget.
  #evict(): void {
    for (const [path, entry] of this.#entries) {
      if (this.#bytes <= this.#limits.maxBytes) return;
      this.#entries.delete(path);
      if (entry.used) {
        entry.used = false;
        this.#entries.set(path, entry);
      } else {
        this.#bytes -= bytesOf(entry);
      }
    }
  }

  #drop(path: string, entry: Entry): void {
    this.#entries.delete(path);
    this.#bytes -= bytesOf(entry);
  }
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES, ENAMETOOLONG...: no file to serve
  }
}

function sameFile(entry: Pick<Entry, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>, stats: Stats): boolean {
  return (
    entry.mtimeMs === stats.mtimeMs &&
    entry.size === stats.size &&
    entry.ctimeMs === stats.ctimeMs &&
    entry.ino === stats.ino
  );
}

function entryOf(path: string, body: Buffer, stats: Stats): Entry {
  return {
    path,
    body,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
    ino: stats.ino,
    tag: `${Math.floor(stats.mtimeMs).toString(16)}-${stats.size.toString(16)}`,
    lastModified: stats.mtime.toUTCString(),
    encoded: {},
    encodedBytes: 0,
    used: false,
  };
}

function bytesOf(entry: Entry): number {
  return entry.size + entry.encodedBytes;
}
