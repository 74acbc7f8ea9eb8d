// Serving one file: what nginx's static module does, plus validators, ranges and precompressed
// siblings. Files up to a size are sent from memory (file-cache.ts), bigger ones streamed from disk.
// Path safety is the caller's job (paths arrive normalised, see url-path.ts).
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
import { ifRangeHolds, notModified, parseRange } from './conditional.ts';
import type { FileCache, FileSnapshot } from './file-cache.ts';
import { isCompressible } from './mime.ts';
import { pushSecurityHeaders } from './security-headers.ts';

export { parseRange } from './conditional.ts';

/** How to serve a file. */
export interface ServeFileOptions {
  /** Where files are kept in memory between requests. */
  files: FileCache;
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

const PRECOMPRESSED_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** The validators of what is sent: a file, or its precompressed sibling. */
type Validators = Pick<FileSnapshot, 'size' | 'mtimeMs' | 'tag' | 'lastModified'>;

/** How the body is coded: as stored (`variant` = a precompressed sibling) or compressed now. */
interface Coding {
  contentType: string;
  compressible: boolean;
  variant: Encoding | undefined;
  encoding: Encoding | undefined;
  /** Length of the body compressed now, when known before sending (from memory). */
  encodedLength: number | undefined;
}

/**
 * Answers `req` with the regular file at `path` (GET/HEAD; 200, 206, 304 or 416). Resolves false,
 * having sent nothing, when there is no such file, so the caller can fall through to another rule.
 *
 * @example if (!(await serveFile(req, res, '/srv/sites/assets/app.css', { files, https: false }))) next();
 */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  opts: ServeFileOptions,
): Promise<boolean> {
  if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) return false;
  const found = await opts.files.lookup(path);
  if (found === undefined) return false;
  if ('stats' in found) return serveFromDisk(req, res, path, opts);
  const contentType = opts.contentType ?? contentTypeFor(path);
  const compressible = isCompressible(contentType);
  const rangeHeader = req.headers.range;
  const acceptEncoding = req.headers['accept-encoding'];

  // A precompressed sibling (what a build step leaves next to bundles) beats compressing.
  let file = found;
  let variant: Encoding | undefined;
  if (opts.precompressed && compressible && rangeHeader === undefined && acceptEncoding) {
    for (const encoding of acceptedEncodings(acceptEncoding)) {
      const sibling = await opts.files.lookup(path + PRECOMPRESSED_SUFFIX[encoding]);
      if (sibling === undefined) continue;
      if ('stats' in sibling) return serveFromDisk(req, res, path, opts);
      file = sibling;
      variant = encoding;
      break;
    }
  }
  const encoding =
    !variant &&
    compressible &&
    file.size > MIN_COMPRESS_SIZE &&
    rangeHeader === undefined &&
    req.method !== 'HEAD'
      ? negotiateEncoding(acceptEncoding)
      : undefined;
  // Compressed once per file and coding, then kept beside it.
  const body = encoding ? await opts.files.encoded(file, encoding) : file.body;
  const coding = { contentType, compressible, variant, encoding, encodedLength: encoding && body.length };
  const range = writeFileHead(req, res, file, coding, opts);
  if (range === undefined) return true;
  res.end(
    range.start === 0 && range.end === body.length - 1 ? body : body.subarray(range.start, range.end + 1),
  );
  return true;
}

// Files too big to keep: opened per request and streamed, compressed on the fly if at all.
async function serveFromDisk(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  opts: ServeFileOptions,
): Promise<boolean> {
  let handle = await openRegular(path);
  if (!handle) return false;
  let stats = await handle.stat();
  const contentType = opts.contentType ?? contentTypeFor(path);
  const compressible = isCompressible(contentType);
  const rangeHeader = req.headers.range;

  let variant: Encoding | undefined;
  if (opts.precompressed && compressible && rangeHeader === undefined) {
    for (const encoding of acceptedEncodings(req.headers['accept-encoding'])) {
      const sibling = await openRegular(path + PRECOMPRESSED_SUFFIX[encoding]);
      if (sibling) {
        await handle.close();
        handle = sibling;
        stats = await handle.stat();
        variant = encoding;
        break;
      }
    }
  }
  const size = stats.size;
  const encoding =
    !variant && compressible && size > MIN_COMPRESS_SIZE && rangeHeader === undefined && req.method !== 'HEAD'
      ? negotiateEncoding(req.headers['accept-encoding'])
      : undefined;
  const validators: Validators = {
    size,
    mtimeMs: stats.mtimeMs,
    tag: `${Math.floor(stats.mtimeMs).toString(16)}-${size.toString(16)}`,
    lastModified: stats.mtime.toUTCString(),
  };
  const coding = { contentType, compressible, variant, encoding, encodedLength: undefined };
  const range = writeFileHead(req, res, validators, coding, opts);
  if (range === undefined) {
    await handle.close();
    return true;
  }
  const stream = handle.createReadStream({ start: range.start, end: range.end, autoClose: true });
  const done = (err?: Error | null) => {
    if (err) res.destroy();
  };
  if (encoding) pipeline(stream, createEncoder(encoding, size), res, done);
  else pipeline(stream, res, done);
  return true;
}

/**
 * Writes the response head for `file` and returns the byte range of the body still to send, or
 * undefined when the response is complete (304, 416, HEAD, an empty range).
 */
function writeFileHead(
  req: IncomingMessage,
  res: ServerResponse,
  file: Validators,
  coding: Coding,
  opts: ServeFileOptions,
): { start: number; end: number } | undefined {
  const { variant, encoding } = coding;
  // A body compressed by the router differs from the file's bytes, so its ETag is weak.
  const etag = variant ? `"${file.tag}-${variant}"` : encoding ? `W/"${file.tag}"` : `"${file.tag}"`;
  const headers: string[] = [];
  pushSecurityHeaders(headers, opts.https);
  headers.push('ETag', etag, 'Last-Modified', file.lastModified);
  if (opts.cacheControl) headers.push('Cache-Control', opts.cacheControl);
  if (coding.compressible) headers.push('Vary', 'Accept-Encoding');

  if (notModified(req, etag, file.mtimeMs)) {
    res.writeHead(304, headers);
    res.end();
    return undefined;
  }
  headers.push('Content-Type', coding.contentType, 'Accept-Ranges', 'bytes');
  if (opts.extra) for (const h of opts.extra) headers.push(h);

  const size = file.size;
  const rangeHeader = req.headers.range;
  const range =
    rangeHeader !== undefined && ifRangeHolds(req, etag, file.lastModified)
      ? parseRange(rangeHeader, size)
      : undefined;
  if (range === 'unsatisfiable') {
    headers.push('Content-Range', `bytes */${size}`, 'Content-Length', '0');
    res.writeHead(416, headers);
    res.end();
    return undefined;
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1;
  if (range) headers.push('Content-Range', `bytes ${start}-${end}/${size}`);
  if (variant) headers.push('Content-Encoding', variant);
  if (encoding) {
    headers.push('Content-Encoding', encoding);
    if (coding.encodedLength !== undefined) headers.push('Content-Length', String(coding.encodedLength));
  } else {
    headers.push('Content-Length', String(end - start + 1));
  }
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || end < start) {
    res.end();
    return undefined;
  }
  return encoding && coding.encodedLength !== undefined
    ? { start: 0, end: coding.encodedLength - 1 }
    : { start, end };
}

const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP', 'EACCES', 'EPERM']);

async function openRegular(path: string): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if (NOT_FOUND.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
  try {
    if ((await handle.stat()).isFile()) return handle;
  } catch {
    // fall through: treat as missing
  }
  await handle.close();
  return undefined;
}
