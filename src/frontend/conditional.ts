// Conditional and range requests on a file (RFC 9110 13 and 14): whether the client's copy is
// current, and which bytes it asked for.
import type { IncomingMessage } from 'node:http';

/** Whether If-None-Match / If-Modified-Since say the client's copy is current. */
export function notModified(req: IncomingMessage, etag: string, mtimeMs: number): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return etagListMatches(inm, etag);
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
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

/** If-Range needs a strong match, or the exact Last-Modified date; true without If-Range. */
export function ifRangeHolds(req: IncomingMessage, etag: string, lastModified: string): boolean {
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
