import type { FastifyInstance } from 'fastify';
import { type BackendOptions, buildBackend } from './app.ts';

/** A listening backend. */
export interface RunningBackend {
  app: FastifyInstance;
  /** The port actually bound (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

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
  return { app, port, close: () => app.close() };
}

function safeDefaultSite(options: BackendOptions): string | undefined {
  try {
    return options.bench.defaultSite();
  } catch {
    return undefined;
  }
}
