// The response head a client gets for a proxied response: the upstream's headers minus hop-by-hop
// ones, plus the security headers, Vary, and on-the-fly compression when it is worthwhile.
import { util } from 'undici';
import {
  type Encoding,
  MIN_COMPRESS_SIZE,
  negotiateEncoding,
  varyWithAcceptEncoding,
} from './compression.ts';
import type { RequestContext } from './context.ts';
import { isCompressible } from './mime.ts';
import { pushSecurityHeaders, securityHeaderBit } from './security-headers.ts';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'trailer',
  'te',
]);

/** What {@link responseHead} decided. */
export interface ResponseHead {
  /** Flat `[name, value, ...]` for `res.writeHead`. */
  headers: string[];
  /** Compress the body with this coding (Content-Length then dropped). */
  encoding: Encoding | undefined;
  /** The upstream's Content-Length, if any (a size hint for the compressor). */
  contentLength: number | undefined;
}

/** Options of {@link responseHead}. */
export interface ResponseHeadOptions {
  /** An `X-Accel-Redirect` header means the router answers itself (backend responses). */
  accel: boolean;
  /** Compression allowed on this route. */
  compress: boolean;
  /** A Content-Length replacing the upstream's (the body was rewritten). */
  replacedLength: number | undefined;
}

/**
 * Builds the client's response head from the upstream's raw headers (as undici parsed them), or
 * undefined when the response carries X-Accel-Redirect and `opts.accel` is set.
 *
 * @example const head = responseHead(ctx, 200, rawHeaders, { accel: true, compress: true, replacedLength: undefined });
 */
export function responseHead(
  ctx: RequestContext,
  status: number,
  raw: Buffer[],
  opts: ResponseHeadOptions,
): ResponseHead | undefined {
  const out: string[] = [];
  let present = 0;
  let contentType: string | undefined;
  let contentLength: string | undefined;
  let contentEncoding = false;
  let etag: string | undefined;
  let vary: string | undefined;
  let noTransform = false;
  let listed: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = util.headerNameToString(raw[i]!);
    const value = raw[i + 1]!.toString('latin1');
    switch (name) {
      case 'content-type':
        contentType = value;
        break;
      case 'content-length':
        contentLength = value;
        continue;
      case 'content-encoding':
        contentEncoding = true;
        break;
      case 'etag':
        etag = value;
        continue;
      case 'vary':
        vary = vary === undefined ? value : `${vary}, ${value}`;
        continue;
      case 'cache-control':
        if (value.includes('no-transform')) noTransform = true;
        break;
      case 'connection':
        // Headers named in Connection are hop-by-hop too.
        if (value !== 'keep-alive' && value !== 'close') listed = value.toLowerCase().split(/\s*,\s*/);
        continue;
      case 'x-accel-redirect':
        if (opts.accel) return undefined;
        break;
      default:
        if (HOP_BY_HOP.has(name)) continue;
        present |= securityHeaderBit(name);
    }
    out.push(name, value);
  }
  if (listed) {
    for (let i = out.length - 2; i >= 0; i -= 2) if (listed.includes(out[i]!)) out.splice(i, 2);
  }
  if (opts.replacedLength !== undefined) contentLength = String(opts.replacedLength);
  pushSecurityHeaders(out, ctx.client.proto === 'https', present);

  const compressible = opts.compress && isCompressible(contentType);
  let encoding: Encoding | undefined;
  if (
    compressible &&
    !ctx.head &&
    status !== 206 &&
    status !== 204 &&
    status !== 304 &&
    !contentEncoding &&
    !noTransform &&
    (contentLength === undefined || Number(contentLength) > MIN_COMPRESS_SIZE)
  ) {
    encoding = negotiateEncoding(ctx.req.headers['accept-encoding']);
  }
  if (compressible) out.push('vary', varyWithAcceptEncoding(vary));
  else if (vary !== undefined) out.push('vary', vary);
  // A compressed body is a different representation of the same resource: its ETag turns weak.
  if (etag !== undefined) out.push('etag', encoding && !etag.startsWith('W/') ? `W/${etag}` : etag);
  if (encoding) out.push('content-encoding', encoding);
  else if (contentLength !== undefined) out.push('content-length', contentLength);
  return {
    headers: out,
    encoding,
    contentLength: contentLength === undefined ? undefined : Number(contentLength),
  };
}
