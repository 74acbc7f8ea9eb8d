import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Bus } from '../bus/bus.ts';
import type { Bench } from '../config/bench.ts';
import { createLogger, type Logger } from '../config/log.ts';
import { authenticate } from './authenticate.ts';
import { relayBusEvents } from './bus-relay.ts';
import { coalesceWrites } from './coalesce-writes.ts';
import { DocViewersNotifier } from './doc-viewers.ts';
import type { RealtimeServer } from './events.ts';
import { healthHandler } from './health.ts';
import { discardNamespace, siteNamespacePattern } from './namespaces.ts';
import { useRedisAdapter } from './redis-adapter.ts';
import { dropEndedSessions } from './session-ends.ts';
import { registerSocketHandlers } from './socket-handlers.ts';
import type { PermissionChecker, SessionResolver } from './types.ts';

/** Options of {@link startRealtime}. */
export interface RealtimeOptions {
  /** TCP port; 0 picks a free one (tests). Frappe's default is 9000 (`socketio_port`). */
  port: number;
  host?: string;
  bench: Pick<Bench, 'hasSite'>;
  bus: Bus;
  sessions: SessionResolver;
  permissions: PermissionChecker;
  /** Set when several websocket replicas run: rooms are then shared through Redis. */
  redisUrl?: string;
  logger?: Logger;
  /** Most rooms one socket may join (default 1000). */
  maxRoomsPerSocket?: number;
}

/** A running websocket service. */
export interface RealtimeService {
  io: RealtimeServer;
  port: number;
  /** Stops accepting, disconnects every socket, unsubscribes from the bus and closes Redis connections. */
  close(): Promise<void>;
}

/**
 * Starts the websocket service (frappe_docker's `websocket`): Socket.IO at `/socket.io` with one namespace per
 * site, sessions checked directly against the store, bus events relayed to rooms, `GET /health`.
 *
 * @example const rt = await startRealtime({ port: 9000, bench, bus, sessions, permissions: systemUsersOnly });
 */
export async function startRealtime(options: RealtimeOptions): Promise<RealtimeService> {
  const logger = options.logger ?? createLogger('websocket');
  const httpServer = createServer(healthHandler);
  // Before Engine.IO's own listener: its WebSocket frames then go out one writev per socket and tick.
  httpServer.prependListener('upgrade', (_req, socket) => coalesceWrites(socket));
  const io: RealtimeServer = new Server(httpServer, {
    path: '/socket.io',
    // Any Origin may attempt the handshake (as in Frappe); the namespace middleware then refuses every Origin
    // that is neither the Host nor the site, which is what blocks cross-site hijacking.
    cors: { origin: true, credentials: true },
    // See namespaces.ts: site namespaces are kept, made-up ones dropped on refusal.
    cleanupEmptyChildNamespaces: false,
    // Clients only send short subscription messages; a 1 MB default buffer is room for abuse.
    maxHttpBufferSize: 64 * 1024,
    // Engine.IO's default, stated because it matters: with deflate every socket compresses every frame itself,
    // and the frame a room broadcast encodes once can no longer be shared (bench/realtime).
    perMessageDeflate: false,
  });
  const isSite = (site: string) => options.bench.hasSite(site);
  const closeRedis = options.redisUrl
    ? useRedisAdapter(io, { url: options.redisUrl, isSite, logger })
    : undefined;

  let closing = false;
  const viewers = new DocViewersNotifier(logger);
  const sites = io.of(siteNamespacePattern);
  sites.use(
    authenticate({
      bench: options.bench,
      sessions: options.sessions,
      logger,
      onRefused: (socket) => {
        if (!isSite(socket.nsp.name.slice(1))) discardNamespace(io, sites, socket.nsp);
      },
    }),
  );
  sites.on('connection', (socket) => {
    const { site, user, userType } = socket.data;
    logger.info(
      { site, user, userType, socket: socket.id, transport: socket.conn.transport.name },
      'realtime connection accepted',
    );
    registerSocketHandlers(socket, {
      permissions: options.permissions,
      viewers,
      logger,
      maxRooms: options.maxRoomsPerSocket ?? 1000,
      closing: () => closing,
    });
  });

  let stopRelay: (() => Promise<void>) | undefined;
  let stopEnds: (() => Promise<void>) | undefined;
  try {
    stopRelay = await relayBusEvents(io, options.bus, logger);
    stopEnds = await dropEndedSessions(io, options.bus, logger);
    await listen(httpServer, options.port, options.host);
  } catch (error) {
    closing = true;
    await stopRelay?.().catch(() => {});
    await stopEnds?.().catch(() => {});
    await io.close();
    await closeRedis?.();
    throw error;
  }
  const port = (httpServer.address() as AddressInfo).port;
  logger.info({ port, host: options.host, redis: Boolean(options.redisUrl) }, 'realtime service listening');

  let closed: Promise<void> | undefined;
  return {
    io,
    port,
    close: () => {
      closed ??= (async () => {
        closing = true;
        await stopRelay?.().catch((error: unknown) => logger.warn({ err: error }, 'bus unsubscribe failed'));
        await stopEnds?.().catch((error: unknown) => logger.warn({ err: error }, 'bus unsubscribe failed'));
        httpServer.closeIdleConnections();
        await io.close();
        httpServer.closeAllConnections();
        await closeRedis?.();
        logger.info({ port }, 'realtime service stopped');
      })();
      return closed;
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
