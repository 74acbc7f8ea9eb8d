// startFrontend: the router as a node:http server with nginx-like limits, its upstream pools
// resolving in the background (an upstream that is not up yet is not fatal), and a graceful close.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createLogger, type Logger } from '../config/log.ts';
import type { FrontendConfig } from './config.ts';
import { rawErrorResponse } from './error-pages.ts';
import { MAX_HEADER_BYTES, MAX_HEADER_COUNT } from './limits.ts';
import { PublicFiles } from './public-files.ts';
import { createRouter } from './router.ts';
import { type LookupFn, UpstreamPool } from './upstream-pool.ts';

/** A running router. */
export interface FrontendServer {
  server: Server;
  /** The port actually listened on (useful with port 0). */
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`, default 10 s), closes upstreams. */
  close(graceMs?: number): Promise<void>;
}

/** Optional collaborators, mainly for tests. */
export interface FrontendOptions {
  logger?: Logger;
  /** DNS lookup for upstream names (default: the system resolver, all addresses). */
  lookup?: LookupFn;
}

/**
 * Starts the frontend router and resolves once it listens.
 *
 * @example const { port, close } = await startFrontend(parseFrontendConfig(process.env));
 */
export async function startFrontend(
  config: FrontendConfig,
  options: FrontendOptions = {},
): Promise<FrontendServer> {
  const log = options.logger ?? createLogger('frontend');
  const pool = (name: string, entries: FrontendConfig['backend']) =>
    new UpstreamPool({
      name,
      entries,
      resolveIntervalMs: config.resolveIntervalMs,
      log,
      lookup: options.lookup,
    });
  const backend = pool('backend', config.backend);
  const socketio = pool('socketio', config.socketio);
  const sockets = new Set<Duplex>();
  const router = createRouter({
    config,
    backend,
    socketio,
    publicFiles: new PublicFiles(config.sitesPath),
    log,
    sockets,
  });

  const server = createServer(
    // Host is checked by the router, so that even this 400 carries the security headers.
    { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false },
    router.handleRequest,
  );
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = 30_000;
  // One more than the limit so the router can tell "too many" (431) from "exactly the limit".
  server.maxHeadersCount = MAX_HEADER_COUNT + 1;
  server.on('checkContinue', router.handleCheckContinue);
  server.on('upgrade', router.handleUpgrade);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inProgress = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || inProgress) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    log.debug({ err: err.code ?? err.message, status }, 'malformed request');
    // Node's parser gave up before the method was known: answer without a body, right for HEAD too.
    socket.end(rawErrorResponse(status, { body: false }));
  });

  void backend.start();
  void socketio.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info(
    {
      listen: `${config.host}:${port}`,
      sitesPath: config.sitesPath,
      siteName:
        config.siteName.mode === 'host'
          ? 'from each request Host header ($host)'
          : `fixed to ${config.siteName.name} for every request (FRAPPE_SITE_NAME_HEADER)`,
      routes: {
        '/health': 'router',
        '/assets/*': `${config.sitesPath}/assets`,
        '/protected/*': '404 (X-Accel-Redirect only)',
        '/socket.io*': config.socketio.map((e) => `${e.host}:${e.port}`),
        '/files, public': `${config.sitesPath}/<site>/public`,
        '*': config.backend.map((e) => `${e.host}:${e.port}`),
      },
      realIp: {
        trusted: config.realIp.from.map((n) => `${n.address}/${n.prefix}`),
        header: config.realIp.header,
        recursive: config.realIp.recursive,
      },
      proxyReadTimeoutMs: config.proxyReadTimeoutMs,
      clientMaxBodySize: config.clientMaxBodySize,
    },
    'frontend router listening',
  );

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const socket of sockets) socket.destroy();
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(force);
      await Promise.all([backend.close(), socketio.close()]);
      log.info('frontend router closed');
    })();
    return closing;
  };
  return { server, port, close };
}
