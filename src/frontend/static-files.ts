// Serving one file from disk: what nginx's static module does, plus validators, ranges and
// precompressed siblings. Path safety is the caller's job (paths arrive normalised, see url-path.ts).
import type { Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { contentTypeFor } from '../mime/content-type.ts';
import {
  acceptedEncodings,
  createEncoder,
  type Encoding,
  MIN_COMPRESS_SIZE,
  negotiateEncoding,
} from './compression.ts';
import { isCompressible } from './mime.ts';
import { pushSecurityHeaders } from './security-headers.ts';

/** How to serve a file. */
export interface ServeFileOptions {
  /** Cache-Control to send (omitted when undefined). */
  cacheControl?: string;
  /** Look for `<file>.br` / `<file>.gz` next to the file and send it when the client accepts it. */
  precompressed?: boolean;
  /** Overrides the type guessed from the extension (X-Accel-Redirect keeps the backend's). */
  contentType?: string;
  /** More headers, flat `[name, value, ...]` (Content-Disposition, the backend's Set-Cookie, ...). */
  extra?: string[];
  /** Whether the client's scheme is https (for HSTS). */
  https: boolean;
}

const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP', 'EACCES', 'EPERM']);
const PRECOMPRESSED_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/**
 * Answers `req` with the regular file at `path` (GET/HEAD; 200, 206, 304 or 416). Resolves false,
 * having sent nothing, when there is no such file, so the caller can fall through to another rule.
 *
 * @example if (!(await serveFile(req, res, '/srv/sites/assets/app.css', { https: false }))) next();
 */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  opts: ServeFileOptions,
): Promise<boolean> {
  if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) return false;
  const file = await openRegular(path);
  if (!file) return false;
  let { handle, stats } = file;
  const contentType = opts.contentType ?? contentTypeFor(path);
  const compressible = isCompressible(contentType);
  const rangeHeader = req.headers.range;

  // A precompressed sibling (what a build step leaves next to bundles) beats compressing per request.
  let variant: Encoding | undefined;
  if (opts.precompressed && compressible && rangeHeader === undefined) {
    for (const encoding of acceptedEncodings(req.headers['accept-encoding'])) {
      const sibling = await openRegular(path + PRECOMPRESSED_SUFFIX[encoding]);
      if (sibling) {
        await handle.close();
        ({ handle, stats } = sibling);
        variant = encoding;
        break;
      }
    }
  }

  const size = stats.size;
  const lastModified = stats.mtime.toUTCString();
  const tag = `${Math.floor(stats.mtimeMs).toString(16)}-${size.toString(16)}`;
  const head = req.method === 'HEAD';
  // Compress on the fly when no precompressed file was found; the representation then differs
  // from the file's bytes, so its ETag is weak.
  const encoding =
    !variant && compressible && size > MIN_COMPRESS_SIZE && rangeHeader === undefined && !head
      ? negotiateEncoding(req.headers['accept-encoding'])
      : undefined;
  const etag = variant ? `"${tag}-${variant}"` : encoding ? `W/"${tag}"` : `"${tag}"`;

  const headers: string[] = [];
  pushSecurityHeaders(headers, opts.https);
  headers.push('ETag', etag, 'Last-Modified', lastModified);
  if (opts.cacheControl) headers.push('Cache-Control', opts.cacheControl);
  if (compressible) headers.push('Vary', 'Accept-Encoding');

  if (notModified(req, etag, stats)) {
    await handle.close();
    res.writeHead(304, headers);
    res.end();
    return true;
  }

  headers.push('Content-Type', contentType, 'Accept-Ranges', 'bytes');
  if (opts.extra) for (const h of opts.extra) headers.push(h);

  let status = 200;
  let start = 0;
  let end = size - 1;
  const range =
    rangeHeader !== undefined && ifRangeHolds(req, etag, lastModified)
      ? parseRange(rangeHeader, size)
      : undefined;
  if (range === 'unsatisfiable') {
    await handle.close();
    headers.push('Content-Range', `bytes */${size}`, 'Content-Length', '0');
    res.writeHead(416, headers);
    res.end();
    return true;
  }
  if (range) {
    status = 206;
    ({ start, end } = range);
    headers.push('Content-Range', `bytes ${start}-${end}/${size}`);
  }
  if (variant) headers.push('Content-Encoding', variant);
  if (encoding) headers.push('Content-Encoding', encoding);
  else headers.push('Content-Length', String(end - start + 1));
  res.writeHead(status, headers);

  if (head || end < start) {
    await handle.close();
    res.end();
    return true;
  }
  const stream = handle.createReadStream({ start, end, autoClose: true });
  const done = (err?: Error | null) => {
    if (err) res.destroy();
  };
  if (encoding) pipeline(stream, createEncoder(encoding, size), res, done);
  else pipeline(stream, res, done);
  return true;
}

async function openRegular(path: string): Promise<{ handle: FileHandle; stats: Stats } | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if (NOT_FOUND.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, stats };
  } catch {
    // fall through: treat as missing
  }
  await handle.close();
  return undefined;
}

/** Whether If-None-Match / If-Modified-Since say the client's copy is current. */
function notModified(req: IncomingMessage, etag: string, stats: Stats): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return etagListMatches(inm, etag);
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(stats.mtimeMs / 1000) * 1000 <= since;
}

// Weak comparison (RFC 9110 13.1.2), as If-None-Match requires.
function etagListMatches(list: string, etag: string): boolean {
  if (list.trim() === '*') return true;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const item of list.split(',')) {
    const t = item.trim();
    if ((t.startsWith('W/') ? t.slice(2) : t) === opaque) return true;
  }
  return false;
}

// If-Range needs a strong match, or the exact Last-Modified date.
function ifRangeHolds(req: IncomingMessage, etag: string, lastModified: string): boolean {
  const ifRange = req.headers['if-range'];
  if (typeof ifRange !== 'string') return true;
  const v = ifRange.trim();
  if (v.startsWith('"') || v.startsWith('W/')) return !etag.startsWith('W/') && v === etag;
  return v === lastModified;
}

/**
 * A single byte range of a `size`-byte file: the range, `'unsatisfiable'` (416), or undefined when
 * the header is absent, malformed or asks for several ranges (the whole file is sent then, as
 * RFC 9110 allows).
 *
 * @example parseRange('bytes=-500', 1000) // { start: 500, end: 999 }
 */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
