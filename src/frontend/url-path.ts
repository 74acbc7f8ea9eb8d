// Routing decisions are made on the decoded, normalised path (as nginx matches locations on $uri),
// so `/%70rotected/x` or `/assets/../protected/x` cannot slip past a rule. Proxied requests still
// carry the client's raw URL, as nginx's `proxy_pass` without a URI does.

/**
 * `/a/./b//c/../d%20e` → `/a/b/d e`. undefined for a malformed escape, a NUL byte or a path that
 * climbs above the root: the request gets a 400.
 *
 * @example normalizePath('/assets/%2e%2e/x') // '/x'
 */
export function normalizePath(raw: string): string | undefined {
  if (raw.charCodeAt(0) !== 47 /* / */) return undefined;
  // The common case: nothing to decode or resolve.
  if (raw.indexOf('%') < 0 && raw.indexOf('/.') < 0 && raw.indexOf('//') < 0 && raw.indexOf('\0') < 0) {
    return raw;
  }
  const decoded = percentDecode(raw);
  if (decoded === undefined || decoded.indexOf('\0') >= 0) return undefined;
  const out: string[] = [];
  const segments = decoded.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    if (s === '' || s === '.') {
      if (i === segments.length - 1) out.push('');
    } else if (s === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      if (i === segments.length - 1) out.push('');
    } else {
      out.push(s);
    }
  }
  return `/${out.join('/')}`;
}

// Decodes %XX as bytes, then the bytes as UTF-8 (invalid sequences become U+FFFD, which can
// never match a file, rather than throwing as decodeURIComponent would).
function percentDecode(s: string): string | undefined {
  if (s.indexOf('%') < 0) return s;
  const bytes = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      const hi = hex(s.charCodeAt(i + 1));
      const lo = hex(s.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return undefined;
      bytes[n++] = hi * 16 + lo;
      i += 2;
    } else if (c > 0xff) {
      return undefined;
    } else {
      bytes[n++] = c;
    }
  }
  return bytes.toString('utf8', 0, n);
}

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}
