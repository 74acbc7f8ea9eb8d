// The ordered rules of docs/frontend.md, "Routing, in order" (frappe_docker's nginx template, and more):
//   1. /health         the router itself
//   2. /assets/*       static from sites/assets
//   3. /protected/*    404 (internal target of X-Accel-Redirect only)
//   4. /socket.io*     websocket upstream (long-polling sticky by sid, WebSocket tunnelled)
//   5. …/ …/index.html …html  301 to the path without it (relative Location)
//   6. sites/<site>/public/<path> when the file exists
//   7. everything else to the backend; a reply's X-Accel-Redirect: /protected/<path> → sites/<site>/<path>
import { type IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from '../config/log.ts';
import { assetCacheControl, SHORT } from './cache-policy.ts';
import type { FrontendConfig } from './config.ts';
import { createContextReader, type RequestContext } from './context.ts';
import { rawErrorResponse, sendError } from './error-pages.ts';
import { FileCache } from './file-cache.ts';
import { answerHealth, isHealthCheck } from './health.ts';
import { MAX_HEADER_COUNT } from './limits.ts';
import { type HttpRoute, type ProxyDeps, proxyHttp } from './proxy-http.ts';
import { tunnelUpgrade, type UpgradeDeps } from './proxy-upgrade.ts';
import type { PublicFiles } from './public-files.ts';
import { redirectTarget } from './redirects.ts';
import { pushSecurityHeaders } from './security-headers.ts';
import { serveFile } from './static-files.ts';
import { sessionRoute } from './sticky.ts';
import { buildUpstreamHeaders } from './upstream-headers.ts';
import { errorText, type UpstreamPool } from './upstream-pool.ts';
import { serveAccel } from './x-accel.ts';

/** What the router works with. */
export interface RouterDeps {
  config: FrontendConfig;
  backend: UpstreamPool;
  socketio: UpstreamPool;
  publicFiles: PublicFiles;
  log: Logger;
  /** Open WebSocket tunnels (closed with the server). */
  sockets: Set<Duplex>;
}

/** The router's entry points, wired to a node:http server by server.ts. */
export interface Router {
  /** The server's `request` event. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  /** The server's `checkContinue` event: 413 before the client sends an oversized body. */
  handleCheckContinue(req: IncomingMessage, res: ServerResponse): void;
  /** The server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

// /files/* that a browser would render (and run scripts in) are downloaded instead.
const ATTACHMENT_EXTENSIONS = new Set([
  'htm',
  'html',
  'shtml',
  'xhtml',
  'xht',
  'svg',
  'svgz',
  'xml',
  'mht',
  'mhtml',
]);
const ASSETS_ALLOW = ['Allow', 'GET, HEAD'];

/**
 * Builds the router over its upstream pools.
 *
 * @example const router = createRouter({ config, backend, socketio, publicFiles, log, sockets: new Set() });
 */
export function createRouter(deps: RouterDeps): Router {
  const { config, backend, socketio, publicFiles, log } = deps;
  const prepare = createContextReader(config, log);
  const maxBody = config.clientMaxBodySize;
  const assetsRoot = join(config.sitesPath, 'assets');
  // Assets, public and private files alike: one memory budget.
  const files = new FileCache();
  const proxyDeps: ProxyDeps = {
    log,
    maxBodySize: maxBody,
    accel: (ctx, target, headers) => serveAccel(ctx, config.sitesPath, target, headers, files),
  };
  const upgradeDeps: UpgradeDeps = { log, sockets: deps.sockets, connectTimeoutMs: 10_000 };
  const backendHeaders = { socketio: false, keepOrigin: false, upgrade: false };
  const socketioHeaders = { socketio: true, keepOrigin: config.socketioKeepOrigin, upgrade: false };
  const tunnelHeaders = { socketio: true, keepOrigin: config.socketioKeepOrigin, upgrade: true };

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method;
    // 1. /health
    if (isHealthCheck(method, req.url)) {
      answerHealth(res, method === 'HEAD');
      return;
    }
    // Node keeps at most MAX_HEADER_COUNT + 1 (server.ts): more means too many.
    const ctx = req.rawHeaders.length > MAX_HEADER_COUNT * 2 ? 431 : prepare(req, res);
    if (typeof ctx === 'number') {
      refuse(req, res, ctx);
      return;
    }
    if (method === 'CONNECT' || method === 'TRACE') {
      sendError(res, 405, { path: ctx.path, https: ctx.client.proto === 'https', head: false, close: true });
      return;
    }
    if (maxBody > 0 && tooLarge(req)) {
      sendError(res, 413, {
        path: ctx.path,
        https: ctx.client.proto === 'https',
        head: ctx.head,
        close: true,
      });
      return;
    }
    try {
      const done = route(ctx);
      if (done) done.catch((err) => internalError(ctx, err));
    } catch (err) {
      internalError(ctx, err);
    }
  }

  function route(ctx: RequestContext): Promise<void> | undefined {
    const path = ctx.path;
    const method = ctx.req.method;
    const getOrHead = method === 'GET' || method === 'HEAD';
    // 2. /assets
    if (path.startsWith('/assets/') || path === '/assets') {
      if (!getOrHead) {
        sendError(ctx.res, 405, {
          path,
          https: ctx.client.proto === 'https',
          head: false,
          extra: ASSETS_ALLOW,
        });
        return undefined;
      }
      return serveStatic(ctx, join(assetsRoot, path.slice(7)), assetCacheControl(path), true, undefined);
    }
    // 3. /protected
    if (path.startsWith('/protected/') || path === '/protected') {
      sendError(ctx.res, 404, { path, https: ctx.client.proto === 'https', head: ctx.head });
      return undefined;
    }
    // 4. /socket.io
    if (path.startsWith('/socket.io')) {
      proxySocketio(ctx);
      return undefined;
    }
    // 5. redirects (nginx's rewrites do not apply inside the nested /files/*.html location; private
    // files keep their name, or `a.html` could never be downloaded)
    const attachment = isAttachment(path);
    if (!attachment && !path.startsWith('/private/files/')) {
      const target = redirectTarget(ctx.rawPath);
      if (target !== undefined) {
        redirect(ctx, target + ctx.query);
        return undefined;
      }
    }
    // 6. sites/<site>/public/<path>
    if (getOrHead) {
      const candidate = publicFiles.candidate(ctx.site, path);
      if (typeof candidate === 'string') return servePublic(ctx, candidate, attachment);
      if (candidate !== undefined) {
        return candidate.then((file) => (file ? servePublic(ctx, file, attachment) : proxyBackend(ctx)));
      }
    }
    // 7. backend
    proxyBackend(ctx);
    return undefined;
  }

  async function serveStatic(
    ctx: RequestContext,
    file: string,
    cacheControl: string,
    precompressed: boolean,
    extra: string[] | undefined,
  ): Promise<void> {
    const served = await serveFile(ctx.req, ctx.res, file, {
      files,
      https: ctx.client.proto === 'https',
      cacheControl,
      precompressed,
      extra,
    });
    if (!served)
      sendError(ctx.res, 404, { path: ctx.path, https: ctx.client.proto === 'https', head: ctx.head });
  }

  async function servePublic(ctx: RequestContext, file: string, attachment: boolean): Promise<void> {
    const served = await serveFile(ctx.req, ctx.res, file, {
      files,
      https: ctx.client.proto === 'https',
      cacheControl: SHORT,
      extra: attachment ? ['Content-Disposition', 'attachment'] : undefined,
    });
    if (!served) proxyBackend(ctx);
  }

  function proxyBackend(ctx: RequestContext): void {
    const route: HttpRoute = {
      pool: backend,
      kind: 'backend',
      url: ctx.url,
      headers: buildUpstreamHeaders(ctx, backendHeaders),
      readTimeoutMs: config.proxyReadTimeoutMs,
      tagHandshake: false,
      compress: true,
    };
    proxyHttp(ctx, route, proxyDeps);
  }

  function proxySocketio(ctx: RequestContext): void {
    const { url, sticky, handshake } = sessionRoute(socketio, ctx.url);
    proxyHttp(
      ctx,
      {
        pool: socketio,
        kind: 'socketio',
        url,
        sticky,
        headers: buildUpstreamHeaders(ctx, socketioHeaders),
        readTimeoutMs: config.socketioReadTimeoutMs,
        tagHandshake: handshake && ctx.req.method === 'GET' && ctx.query.includes('transport=polling'),
        compress: false,
      },
      proxyDeps,
    );
  }

  function redirect(ctx: RequestContext, location: string): void {
    const headers: string[] = [];
    pushSecurityHeaders(headers, ctx.client.proto === 'https');
    headers.push('Location', location, 'Content-Length', '0', 'Cache-Control', 'no-cache');
    ctx.res.writeHead(301, headers);
    ctx.res.end();
  }

  function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
    log.debug({ url: req.url, host: req.headers.host, status }, 'request refused');
    // The path may be what was malformed: only its prefix decides between a JSON and an HTML page.
    const path = req.url?.startsWith('/api/') ? '/api/' : '/';
    sendError(res, status, { path, https: false, head: req.method === 'HEAD', close: true });
  }

  function internalError(ctx: RequestContext, err: unknown): void {
    log.error({ err: errorText(err), url: ctx.url }, 'router error');
    if (!ctx.res.headersSent) {
      sendError(ctx.res, 500, { path: ctx.path, https: ctx.client.proto === 'https', head: ctx.head });
    } else {
      ctx.res.destroy();
    }
  }

  // An announced body over CLIENT_MAX_BODY_SIZE is refused before it is read (chunked bodies are
  // counted as they stream, see request-body.ts).
  function tooLarge(req: IncomingMessage): boolean {
    const length = req.headers['content-length'];
    return length !== undefined && Number(length) > maxBody;
  }

  function handleCheckContinue(req: IncomingMessage, res: ServerResponse): void {
    if (!(maxBody > 0 && tooLarge(req))) res.writeContinue();
    handleRequest(req, res);
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    try {
      upgrade(req, socket, head);
    } catch (err) {
      log.error({ err: errorText(err), url: req.url }, 'router error on upgrade');
      socket.destroy();
    }
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const res = new ServerResponse(req);
    const ctx = prepare(req, res);
    if (typeof ctx === 'number') {
      socket.end(rawErrorResponse(ctx));
      return;
    }
    if (!ctx.path.startsWith('/socket.io')) {
      // Only Socket.IO speaks WebSocket here; any other upgrade request (e.g. `Upgrade: h2c`) is
      // answered as the plain HTTP request it also is, which RFC 9110 allows.
      answerWithoutUpgrade(ctx, socket, head);
      return;
    }
    (socket as { setTimeout?: (ms: number) => void }).setTimeout?.(0);
    const { url, sticky } = sessionRoute(socketio, ctx.url);
    tunnelUpgrade(
      req,
      socket,
      head,
      { pool: socketio, url, sticky, headers: buildUpstreamHeaders(ctx, tunnelHeaders) },
      upgradeDeps,
    );
  }

  function answerWithoutUpgrade(ctx: RequestContext, socket: Duplex, head: Buffer): void {
    const { req, res } = ctx;
    if (
      head.length > 0 ||
      req.headers['content-length'] !== undefined ||
      req.headers['transfer-encoding'] !== undefined
    ) {
      socket.end(rawErrorResponse(400));
      return;
    }
    res.shouldKeepAlive = false;
    res.assignSocket(socket as never);
    res.once('finish', () => {
      res.detachSocket(socket as never);
      socket.end();
    });
    handleRequest(req, res);
  }

  return { handleRequest, handleCheckContinue, handleUpgrade };
}

function isAttachment(path: string): boolean {
  if (!path.startsWith('/files/')) return false;
  const dot = path.lastIndexOf('.');
  return dot > 0 && ATTACHMENT_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}
