import type { FastifyInstance } from 'fastify';
import { type BackendOptions, buildBackend } from './app.ts';

/** A listening backend. */
export interface RunningBackend {
  app: FastifyInstance;
  /** The port actually bound (useful with port 0). */
  port: number;
  /**
   * Graceful stop (SIGTERM): stops accepting connections, lets requests in flight finish for up to `graceMs`
   * (default 8 s) and answers each with Connection: close; idle keep-alive connections are closed at once. Past
   * the grace period the remaining connections are cut.
   */
  close(graceMs?: number): Promise<void>;
}

/** How often idle keep-alive connections are closed while draining (one whose last response just went out). */
const idleSweepMs = 100;

/**
 * Builds the backend and listens on `host:port` (default 0.0.0.0, as the container's gunicorn does).
 * Logs the bench's sites at start, so a Host/site mismatch is visible before the first 404.
 *
 * @example const backend = await startBackend({ bench, databases, cache, bus, port: 8000 }); await backend.close();
 */
export async function startBackend(
  options: BackendOptions & { port: number; host?: string },
): Promise<RunningBackend> {
  const app = buildBackend(options);
  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  app.log.info(
    { port, sites: options.bench.listSites(), defaultSite: safeDefaultSite(options) },
    'backend listening; a request picks its site from X-Frappe-Site-Name, else the Host header',
  );
  return { app, port, close: (graceMs) => closeBackend(app, graceMs) };
}

/** Closes a listening backend gracefully (see `RunningBackend.close`). */
export async function closeBackend(app: FastifyInstance, graceMs = 8_000): Promise<void> {
  const { server } = app;
  // A response that went out just before closing started left its connection idle rather than closed.
  const sweep = setInterval(() => server.closeIdleConnections(), idleSweepMs);
  const cut = setTimeout(() => {
    app.log.warn({ graceMs }, 'requests still running after the grace period; closing their connections');
    server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
  app.log.info('backend stopped');
}

function safeDefaultSite(options: BackendOptions): string | undefined {
  try {
    return options.bench.defaultSite();
  } catch {
    return undefined;
  }
}
