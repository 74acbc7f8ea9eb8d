// Rule 3 for WebSocket: the upgrade request is re-sent to the websocket upstream over a raw TCP
// connection and, once connected, bytes are piped both ways untouched (the upstream's 101 or
// error answer included). No HTTP client library sits in between: nothing to buffer or reframe.
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../config/log.ts';
import { rawErrorResponse } from './error-pages.ts';
import { errorText, type Upstream, type UpstreamPool } from './upstream-pool.ts';

/** Where an upgrade request goes. */
export interface UpgradeRoute {
  pool: UpstreamPool;
  /** URL to send (sid untagged). */
  url: string;
  /** Flat request headers, Connection/Upgrade included. */
  headers: string[];
  /** The upstream holding the Socket.IO session, when the request names one. */
  sticky?: Upstream;
}

/** What the tunnel needs from the server. */
export interface UpgradeDeps {
  log: Logger;
  /** Open tunnels' client sockets, so that closing the router can end them. */
  sockets: Set<Duplex>;
  connectTimeoutMs: number;
}

const MAX_ATTEMPTS = 3;

/**
 * Tunnels an HTTP upgrade (WebSocket) from `client` to the route's upstream. Answers 502 on the
 * raw socket when no upstream accepts the connection.
 *
 * @example server.on('upgrade', (req, socket, head) => tunnelUpgrade(req, socket, head, route, deps));
 */
export function tunnelUpgrade(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  route: UpgradeRoute,
  deps: UpgradeDeps,
): void {
  deps.sockets.add(client);
  client.once('close', () => deps.sockets.delete(client));
  client.on('error', () => client.destroy());
  const lines = [`${req.method} ${route.url} HTTP/1.1\r\n`];
  for (let i = 0; i < route.headers.length; i += 2)
    lines.push(`${route.headers[i]}: ${route.headers[i + 1]}\r\n`);
  lines.push('\r\n');
  const requestHead = lines.join('');

  const attempt = (u: Upstream, n: number): void => {
    const upstream: Socket = connect({ host: u.address, port: u.port });
    upstream.setNoDelay(true);
    upstream.setTimeout(deps.connectTimeoutMs, () => upstream.destroy(timeoutError()));
    const abandon = () => upstream.destroy();
    client.once('close', abandon);

    const onConnectError = (err: Error): void => {
      client.removeListener('close', abandon);
      upstream.destroy();
      if (client.destroyed) return;
      route.pool.reportFailure(u, err).then(
        () => {
          if (client.destroyed) return;
          const next = !route.sticky && n < MAX_ATTEMPTS ? route.pool.pick(u) : undefined;
          if (next) attempt(next, n + 1);
          else client.end(rawErrorResponse(502));
        },
        () => client.destroy(),
      );
    };
    upstream.once('error', onConnectError);

    upstream.once('connect', () => {
      upstream.removeListener('error', onConnectError);
      client.removeListener('close', abandon);
      upstream.setTimeout(0);
      route.pool.reportSuccess(u);
      const closeBoth = () => {
        upstream.destroy();
        client.destroy();
      };
      upstream.on('error', (err) => {
        deps.log.debug(
          { upstream: route.pool.name, address: u.key, err: errorText(err) },
          'websocket tunnel error',
        );
        closeBoth();
      });
      upstream.on('close', closeBoth);
      client.on('close', closeBoth);
      upstream.write(requestHead);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
  };

  const first = route.sticky ?? route.pool.pick();
  if (first) {
    attempt(first, 1);
    return;
  }
  route.pool.ready().then(
    (u) => {
      if (client.destroyed) return;
      if (u) attempt(u, 1);
      else client.end(rawErrorResponse(503));
    },
    () => client.destroy(),
  );
}

function timeoutError(): Error {
  return Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' });
}
