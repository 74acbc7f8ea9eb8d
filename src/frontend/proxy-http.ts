// Rules 3 (Socket.IO long-polling) and 6 (everything else) for plain HTTP: one undici dispatch per
// request, request and response bodies streamed both ways with backpressure, no buffering except a
// Socket.IO handshake (to tag its sid). The handler is one object per request with its methods on
// the prototype: the hot path allocates little.
import type { IncomingHttpHeaders } from 'node:http';
import type { Writable } from 'node:stream';
import { type Dispatcher, util } from 'undici';
import type { Logger } from '../config/log.ts';
import { createEncoder } from './compression.ts';
import type { RequestContext } from './context.ts';
import { sendError } from './error-pages.ts';
import { BodyTooLargeError, discardRest, type UpstreamBody, upstreamBody } from './request-body.ts';
import { responseHead } from './response-head.ts';
import { tagHandshake } from './sticky.ts';
import { errorText, type Upstream, type UpstreamPool } from './upstream-pool.ts';

/** Where and how one request is proxied. */
export interface HttpRoute {
  pool: UpstreamPool;
  /** `backend` handles X-Accel-Redirect; `socketio` may tag handshakes. */
  kind: 'backend' | 'socketio';
  /** The URL sent upstream (origin-form). */
  url: string;
  /** The upstream holding the request's Socket.IO session: no failover to another one. */
  sticky?: Upstream;
  /** Request headers for the upstream, flat. */
  headers: string[];
  /** Longest wait between two reads from the upstream (PROXY_READ_TIMEOUT); 504 after. */
  readTimeoutMs: number;
  /** Rewrite the sid of an Engine.IO polling handshake response (see sticky.ts). */
  tagHandshake: boolean;
  /** Compress compressible responses the client accepts compressed. */
  compress: boolean;
}

/** What the proxy needs from the router. */
export interface ProxyDeps {
  log: Logger;
  /** CLIENT_MAX_BODY_SIZE in bytes (0 = unlimited). */
  maxBodySize: number;
  /** Rule 7: answer with the file an `X-Accel-Redirect` response points to. */
  accel: (ctx: RequestContext, target: string, headers: IncomingHttpHeaders) => Promise<void>;
}

// Errors that mean the request never reached the upstream: safe to send elsewhere, any method.
const NOT_SENT_ERRORS = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  // Dispatched to an address's pool just as re-resolution retired it.
  'UND_ERR_CLOSED',
]);
// The connection broke before a response started: the upstream may have seen the request, so only
// idempotent requests are sent again (nginx's proxy_next_upstream error).
const RESET_ERRORS = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
const TIMEOUT_ERRORS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const MAX_ATTEMPTS = 3;
const MAX_HANDSHAKE_BYTES = 64 * 1024;

const PASS = 0;
const ACCEL = 1;
const BUFFER = 2;

// Listeners are shared functions that find their exchange through this property of the response
// (or encoder) they listen on: no closures allocated per request on the hot path.
const kExchange = Symbol('cortado.exchange');
type Tagged = { [kExchange]?: Exchange };

function onClientClose(this: Tagged): void {
  this[kExchange]?.clientClosed();
}

function onSinkDrain(this: Tagged): void {
  this[kExchange]?.resumeUpstream?.();
}

/**
 * Forwards `ctx` along `route` and streams the answer back (or an error page: 502 unreachable,
 * 503 nothing resolves, 504 too slow, 413 body too large).
 *
 * @example proxyHttp(ctx, { pool, kind: 'backend', url: ctx.url, headers, readTimeoutMs: 120_000, tagHandshake: false, compress: true }, deps);
 */
export function proxyHttp(ctx: RequestContext, route: HttpRoute, deps: ProxyDeps): void {
  new Exchange(ctx, route, deps).start();
}

// One proxied request. It implements undici's raw-header handler interface (what undici 7 runs
// internally), which hands over header Buffers as they were parsed: the newer controller-based
// interface would wrap every request in an adapter and build a header object first.
class Exchange implements Dispatcher.DispatchHandler {
  readonly ctx: RequestContext;
  readonly route: HttpRoute;
  readonly deps: ProxyDeps;
  readonly body: UpstreamBody | null;
  upstream: Upstream | undefined;
  abortUpstream: ((err: Error) => void) | undefined;
  resumeUpstream: (() => void) | undefined;
  sink: Writable | undefined;
  mode = PASS;
  attempts = 0;
  responded = false;
  finished = false;
  clientGone = false;
  buffered: Buffer[] | undefined;
  bufferedSize = 0;
  bufferedStatus = 0;
  bufferedHeaders: Buffer[] | undefined;

  constructor(ctx: RequestContext, route: HttpRoute, deps: ProxyDeps) {
    this.ctx = ctx;
    this.route = route;
    this.deps = deps;
    this.body = upstreamBody(ctx.req, deps.maxBodySize);
    (ctx.res as Tagged)[kExchange] = this;
    ctx.res.once('close', onClientClose);
  }

  start(): void {
    const u = this.route.sticky ?? this.route.pool.pick();
    if (u) this.send(u);
    else
      this.route.pool.ready().then((ready) => {
        if (this.clientGone) return;
        if (ready) this.send(ready);
        else this.fail(503, undefined);
      }, this.internalError);
  }

  send(u: Upstream): void {
    this.upstream = u;
    this.attempts++;
    this.responded = false;
    const t = this.route.readTimeoutMs;
    u.dispatcher.dispatch(
      {
        path: this.route.url,
        method: this.ctx.req.method as Dispatcher.HttpMethod,
        headers: this.route.headers,
        body: this.body,
        headersTimeout: t,
        bodyTimeout: t,
        // undici announces `Connection: close` on a HEAD; with a body still streaming, an upstream
        // that answers at once would close on it and fail the write (EPIPE).
        reset: this.ctx.head && this.body !== null ? false : undefined,
      },
      this,
    );
  }

  clientClosed(): void {
    if (this.finished) return;
    this.finished = true;
    this.clientGone = true;
    this.abortUpstream?.(new Error('client closed the connection'));
  }

  // A bound method only where a promise needs a callback (off the hot path).
  get internalError(): (err: unknown) => void {
    return (err) => {
      this.deps.log.error({ err: errorText(err), url: this.ctx.url }, 'router error');
      if (!this.ctx.res.headersSent) this.fail(500, undefined);
      else this.ctx.res.destroy();
    };
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.clientGone) abort(new Error('client closed the connection'));
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    if (status < 200) return true; // 100 Continue, 103 Early Hints: informational only
    this.responded = true;
    this.resumeUpstream = resume;
    this.route.pool.reportSuccess(this.upstream!);
    if (this.route.tagHandshake) {
      const headers = util.parseHeaders(raw);
      if (status === 200 && headers['content-encoding'] === undefined) {
        this.mode = BUFFER;
        this.buffered = [];
        this.bufferedStatus = status;
        this.bufferedHeaders = raw;
        return true;
      }
    }
    if (!this.writeHead(status, raw, undefined)) {
      // X-Accel-Redirect: the router answers with the file; the backend's body is discarded.
      this.mode = ACCEL;
      const headers = util.parseHeaders(raw) as IncomingHttpHeaders;
      this.deps.accel(this.ctx, headers['x-accel-redirect'] as string, headers).catch(this.internalError);
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.mode === PASS) {
      if (this.sink!.write(chunk)) return true;
      this.sink!.once('drain', onSinkDrain);
      return false;
    }
    if (this.mode === BUFFER) {
      this.buffered!.push(chunk);
      this.bufferedSize += chunk.length;
      if (this.bufferedSize > MAX_HANDSHAKE_BYTES) {
        // Not a handshake after all: stream it as it is.
        this.mode = PASS;
        this.writeHead(this.bufferedStatus, this.bufferedHeaders!, undefined);
        for (const c of this.buffered!) this.sink!.write(c);
        this.buffered = undefined;
      }
    }
    return true;
  }

  onComplete(): void {
    if (this.finished) return;
    this.finished = true;
    discardRest(this.ctx.req, this.body, this.deps.maxBodySize);
    if (this.mode === PASS) {
      this.sink!.end();
    } else if (this.mode === BUFFER) {
      let body = Buffer.concat(this.buffered!);
      const tagged = tagHandshake(body.toString('utf8'), this.upstream!.tag);
      if (tagged !== undefined) body = Buffer.from(tagged, 'utf8');
      this.writeHead(
        this.bufferedStatus,
        this.bufferedHeaders!,
        tagged === undefined ? undefined : body.length,
      );
      this.sink!.end(body);
    }
  }

  onError(err: Error): void {
    const { res } = this.ctx;
    if (this.clientGone || (this.mode === ACCEL && this.responded)) return;
    const u = this.upstream!;
    const code = (err as { code?: string }).code ?? '';
    if (this.responded && (this.mode === PASS || res.headersSent)) {
      this.finished = true;
      this.deps.log.warn(
        { upstream: this.route.pool.name, address: u.key, err: errorText(err), url: this.ctx.url },
        'upstream response interrupted',
      );
      res.destroy();
      return;
    }
    if (err instanceof BodyTooLargeError) {
      this.fail(413, undefined, true);
    } else if (TIMEOUT_ERRORS.has(code)) {
      // Not retried (nginx would): a request that kept one backend busy this long would keep the
      // next one busy too.
      this.deps.log.warn(
        {
          upstream: this.route.pool.name,
          address: u.key,
          timeoutMs: this.route.readTimeoutMs,
          url: this.ctx.url,
        },
        'upstream read timed out',
      );
      this.fail(504, undefined);
    } else if (!this.responded && (NOT_SENT_ERRORS.has(code) || RESET_ERRORS.has(code))) {
      this.nextUpstream(u, err, NOT_SENT_ERRORS.has(code));
    } else {
      this.deps.log.warn(
        { upstream: this.route.pool.name, address: u.key, err: errorText(err), url: this.ctx.url },
        'upstream request failed',
      );
      this.fail(502, undefined);
    }
  }

  /**
   * `u` refused, timed out or reset before answering: mark it failed (re-resolving names), then
   * send the request to another address if that is safe — it never reached `u` or it is idempotent,
   * and its body (if any) is still unread — else answer 502 (504 for a connect timeout). A reset
   * with nowhere else to go is tried once more on `u`: it is also what a keep-alive connection the
   * upstream closed just as the request went out looks like.
   */
  nextUpstream(u: Upstream, err: Error, notSent: boolean): void {
    const { pool, sticky } = this.route;
    const retry =
      this.attempts < MAX_ATTEMPTS &&
      (notSent || this.idempotent()) &&
      (this.body === null || !this.body.readableDidRead);
    pool.reportFailure(u, err).then(() => {
      if (this.clientGone) return;
      let next: Upstream | undefined;
      if (retry) {
        next = sticky ? undefined : pool.pick(u);
        if (next === undefined && !notSent && this.attempts === 1) next = u;
      }
      if (next) {
        this.send(next);
        return;
      }
      this.deps.log.warn(
        { upstream: pool.name, address: u.key, err: errorText(err), url: this.ctx.url },
        'upstream request failed',
      );
      this.fail((err as { code?: string }).code === 'UND_ERR_CONNECT_TIMEOUT' ? 504 : 502, undefined);
    }, this.internalError);
  }

  idempotent(): boolean {
    const m = this.ctx.req.method;
    return m === 'GET' || m === 'HEAD' || m === 'OPTIONS';
  }

  fail(status: number, message: string | undefined, close = false): void {
    this.finished = true;
    const { ctx } = this;
    sendError(ctx.res, status, {
      path: ctx.path,
      https: ctx.client.proto === 'https',
      head: ctx.head,
      message,
      close,
    });
    if (!close) discardRest(ctx.req, this.body, this.deps.maxBodySize);
  }

  /**
   * Sends the upstream's response head to the client and sets up the body's sink (the response,
   * or a compressor in front of it). Returns false, having sent nothing, for X-Accel-Redirect.
   */
  writeHead(status: number, raw: Buffer[], replacedLength: number | undefined): boolean {
    const { ctx } = this;
    const head = responseHead(ctx, status, raw, {
      accel: this.route.kind === 'backend',
      compress: this.route.compress,
      replacedLength,
    });
    if (head === undefined) return false;
    const res = ctx.res;
    res.writeHead(status, head.headers);
    if (head.encoding) {
      const encoder = createEncoder(head.encoding, head.contentLength);
      encoder.on('error', () => res.destroy());
      (encoder as Tagged)[kExchange] = this;
      encoder.pipe(res);
      this.sink = encoder;
    } else {
      this.sink = res;
    }
    return true;
  }
}
