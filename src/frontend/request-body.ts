// The request body as the proxy forwards it, and what becomes of the part nobody reads.
//
// The body goes upstream through a stream of its own, never the client's request itself: undici
// destroys a body it stops sending (an upstream may answer before reading it all, as it may for a
// GET or HEAD), and destroying the request would leave the client's keep-alive connection paused
// mid-body, so the next request on it would never be read. The router instead reads and drops the
// rest, as nginx discards an unread body, and the connection carries on.
import type { IncomingMessage } from 'node:http';
import { BodyLimit } from './body-limit.ts';

/**
 * The stream to send upstream, or null when the request has no body. A chunked body is counted
 * against `limit` (CLIENT_MAX_BODY_SIZE, 0 = none) as it streams; an announced length was checked
 * before.
 *
 * @example const body = upstreamBody(req, 50 * 1024 * 1024);
 */
export function upstreamBody(req: IncomingMessage, limit: number): BodyLimit | null {
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked) {
    const length = req.headers['content-length'];
    if (length === undefined || length === '0') return null;
  }
  const body = req.pipe(new BodyLimit(chunked ? limit : 0));
  // undici listens for errors only while the request is in flight; an upstream may answer before
  // the body ends, and an overflow after that must not be an unhandled 'error'.
  body.on('error', ignore);
  return body;
}

/**
 * Once the exchange is over, reads and drops what the client still sends of `body`, so its
 * connection can carry the next request. Beyond `limit` bytes (0 = none) the connection is closed.
 *
 * @example discardRest(req, body, limit);
 */
export function discardRest(req: IncomingMessage, body: BodyLimit | null, limit: number): void {
  // Not `complete`: a body fully received may still sit unread in the request, its socket paused.
  if (body === null || req.readableEnded || req.destroyed) return;
  req.unpipe(body);
  let left = limit === 0 ? Number.POSITIVE_INFINITY : limit;
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) req.socket.destroy();
  });
  req.resume();
}

function ignore(): void {}
