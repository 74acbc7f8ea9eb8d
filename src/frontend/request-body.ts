// The request body as the proxy forwards it, and what becomes of the part nobody reads.
//
// The body goes upstream as a stream of its own, never the client's request itself: undici destroys
// a body it stops sending (an upstream may answer before reading it all, as it may for a GET or
// HEAD), and destroying the request would leave the client's keep-alive connection paused mid-body,
// so the next request on it would never be read. The router instead reads and drops the rest, as
// nginx discards an unread body, and the connection carries on.
//
// A plain Readable fed by the request's events rather than a Transform behind `pipe`, as every POST
// pays for it (router CPU per 1 KB POST: +10 % over forwarding the request itself with a Transform,
// within noise, +3 %, this way).
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** What an {@link UpstreamBody} fails with past CLIENT_MAX_BODY_SIZE; the router answers 413. */
export class BodyTooLargeError extends Error {
  readonly code = 'CORTADO_BODY_TOO_LARGE';
  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

// The request's listeners are shared functions that find their body through this property: no
// closures per request.
const kBody = Symbol('cortado.upstreamBody');
type Tagged = IncomingMessage & { [kBody]?: UpstreamBody };

/** The client's request body as a stream of its own, counted against a limit (0 = none). */
export class UpstreamBody extends Readable {
  readonly req: IncomingMessage;
  readonly #limit: number;
  /** Bytes taken from the request so far. */
  seen = 0;

  constructor(req: IncomingMessage, limit: number) {
    super();
    this.req = req;
    this.#limit = limit;
    (req as Tagged)[kBody] = this;
    req.on('data', onRequestData);
    req.on('end', onRequestEnd);
    // undici listens for errors only while the request is in flight; an upstream may answer before
    // the body ends, and an overflow after that must not be an unhandled 'error'.
    this.on('error', ignore);
  }

  override _read(): void {
    this.req.resume();
  }

  /** A chunk from the client: passed on, or the limit exceeded. */
  accept(chunk: Buffer): void {
    this.seen += chunk.length;
    if (this.#limit > 0 && this.seen > this.#limit) {
      this.detach();
      this.destroy(new BodyTooLargeError(this.#limit));
    } else if (!this.push(chunk)) {
      this.req.pause();
    }
  }

  /** Stops taking the request's data (it stays paused). */
  detach(): void {
    const req = this.req as Tagged;
    req.off('data', onRequestData);
    req.off('end', onRequestEnd);
    req[kBody] = undefined;
    req.pause();
  }
}

function onRequestData(this: Tagged, chunk: Buffer): void {
  this[kBody]?.accept(chunk);
}

function onRequestEnd(this: Tagged): void {
  this[kBody]?.push(null);
}

/**
 * The stream to send upstream, or null when the request has no body. A chunked body is counted
 * against `limit` (CLIENT_MAX_BODY_SIZE, 0 = none) as it streams; an announced length was checked
 * before.
 *
 * @example const body = upstreamBody(req, 50 * 1024 * 1024);
 */
export function upstreamBody(req: IncomingMessage, limit: number): UpstreamBody | null {
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked) {
    const length = req.headers['content-length'];
    if (length === undefined || length === '0') return null;
  }
  return new UpstreamBody(req, chunked ? limit : 0);
}

/**
 * Once the exchange is over, reads and drops what the client still sends of `body`, so its
 * connection can carry the next request. Past `limit` bytes in all (0 = none) the connection is
 * closed.
 *
 * @example discardRest(req, body, limit);
 */
export function discardRest(req: IncomingMessage, body: UpstreamBody | null, limit: number): void {
  // Not `complete`: a body fully received may still sit unread in the request, its socket paused.
  if (body === null || req.readableEnded || req.destroyed) return;
  body.detach();
  let left = limit === 0 ? Number.POSITIVE_INFINITY : limit - body.seen;
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) req.socket.destroy();
  });
  req.resume();
}

function ignore(): void {}
