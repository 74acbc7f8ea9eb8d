// On-the-fly gzip/brotli for responses the router sends, static or proxied. Brotli runs at
// quality 4: close to gzip's speed with better ratios; the maximum (11) is far too slow per request.
import type { Transform } from 'node:stream';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';

/** A content coding the router can produce or pick among precompressed files. */
export type Encoding = 'br' | 'gzip';

/** Responses this small are sent as they are (nginx `gzip_min_length 256`). */
export const MIN_COMPRESS_SIZE = 256;

let lastHeader: string | undefined;
let lastChoice: Encoding | undefined;

/**
 * The best coding the client accepts, honouring q-values (`br` preferred on a tie), or undefined
 * for identity.
 *
 * @example negotiateEncoding('gzip, deflate, br') // 'br'
 * @example negotiateEncoding('br;q=0, gzip') // 'gzip'
 */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  // Clients send the same header over and over; remember the last answer.
  if (header === lastHeader) return lastChoice;
  const choice = acceptedEncodings(header)[0];
  if (header.length < 256) {
    lastHeader = header;
    lastChoice = choice;
  }
  return choice;
}

/**
 * Every coding the router can produce that the client accepts, best first.
 *
 * @example acceptedEncodings('gzip;q=0.8, br') // ['br', 'gzip']
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  let br = -1;
  let gzip = -1;
  let star = -1;
  for (const part of header.split(',')) {
    const semi = part.indexOf(';');
    const name = (semi < 0 ? part : part.slice(0, semi)).trim().toLowerCase();
    const q = semi < 0 ? 1 : qValue(part.slice(semi + 1));
    if (name === 'br') br = q;
    else if (name === 'gzip' || name === 'x-gzip') gzip = q;
    else if (name === '*') star = q;
  }
  if (br < 0) br = star;
  if (gzip < 0) gzip = star;
  const out: Encoding[] = [];
  if (br > 0 && br >= gzip) out.push('br');
  if (gzip > 0) out.push('gzip');
  if (br > 0 && br < gzip) out.push('br');
  return out;
}

function qValue(params: string): number {
  const m = /(?:^|;)\s*q\s*=\s*([0-9.]+)/i.exec(params);
  if (!m) return 1;
  const q = Number(m[1]);
  return Number.isFinite(q) ? Math.min(q, 1) : 0;
}

/** A streaming compressor for `encoding`; `sizeHint` (bytes) helps brotli size its window. */
export function createEncoder(encoding: Encoding, sizeHint?: number): Transform {
  if (encoding === 'gzip') return createGzip({ level: 5 });
  const params: Record<number, number> = {
    [constants.BROTLI_PARAM_QUALITY]: 4,
  };
  if (sizeHint && sizeHint > 0) params[constants.BROTLI_PARAM_SIZE_HINT] = sizeHint;
  return createBrotliCompress({ params });
}

/** Adds `Accept-Encoding` to a Vary value (or starts one), without duplicating it. */
export function varyWithAcceptEncoding(vary: string | undefined): string {
  if (!vary) return 'Accept-Encoding';
  if (vary === '*' || /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)) return vary;
  return `${vary}, Accept-Encoding`;
}

/** `body` compressed whole, off the main thread, with the same settings as {@link createEncoder}. */
export function compressBuffer(encoding: Encoding, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (encoding === 'gzip') gzip(body, { level: 5 }, done);
    else
      brotliCompress(
        body,
        {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 4,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        },
        done,
      );
  });
}
