// The headers an upstream receives: the client's, minus hop-by-hop ones and anything the router
// sets itself (a client cannot spoof X-Frappe-Site-Name or X-Forwarded-* through the router).
import type { RequestContext } from './context.ts';

// Hop-by-hop (RFC 9110 7.6.1) and headers the router answers itself (Expect) or replaces.
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'http2-settings',
  'host',
  'x-frappe-site-name',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-use-x-accel-redirect',
]);

const PLAIN_CONNECTION = new Set(['keep-alive', 'close', 'upgrade']);

/** What kind of upstream the request goes to. */
export interface UpstreamHeaderOptions {
  /** Socket.IO: X-Forwarded-For is appended to and Origin replaced; backend: X-Use-X-Accel-Redirect. */
  socketio: boolean;
  /** Keep the client's Origin (SOCKETIO_KEEP_ORIGIN). */
  keepOrigin: boolean;
  /** Keep Connection/Upgrade (WebSocket handshakes). */
  upgrade: boolean;
}

/**
 * The flat `[name, value, ...]` header list for the upstream request.
 *
 * @example buildUpstreamHeaders(ctx, { socketio: false, keepOrigin: false, upgrade: false })
 */
export function buildUpstreamHeaders(
  ctx: Pick<RequestContext, 'req' | 'host' | 'site' | 'client'>,
  opts: UpstreamHeaderOptions,
): string[] {
  const raw = ctx.req.rawHeaders;
  const out: string[] = [];
  const connection = ctx.req.headers.connection;
  // Headers named in Connection are hop-by-hop too.
  const listed =
    connection && !PLAIN_CONNECTION.has(connection.toLowerCase()) ? connectionTokens(connection) : undefined;
  const replaceOrigin = opts.socketio && !opts.keepOrigin;
  let forwardedFor: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) {
      if (opts.upgrade && (lower === 'connection' || lower === 'upgrade')) out.push(name, raw[i + 1]!);
      else if (lower === 'x-forwarded-for')
        forwardedFor = forwardedFor ? `${forwardedFor}, ${raw[i + 1]}` : raw[i + 1];
      continue;
    }
    if (listed?.has(lower) && !opts.upgrade) continue;
    if (replaceOrigin && lower === 'origin') continue;
    out.push(name, raw[i + 1]!);
  }
  const { client } = ctx;
  out.push('Host', ctx.host, 'X-Frappe-Site-Name', ctx.site);
  if (opts.socketio) {
    // Appended, as each proxy in a chain does; a header from an untrusted peer is not believed.
    out.push(
      'X-Forwarded-For',
      client.trusted && forwardedFor ? `${forwardedFor}, ${peerOf(ctx)}` : client.ip,
    );
    out.push('X-Forwarded-Proto', client.proto);
    if (replaceOrigin) out.push('Origin', `${client.proto}://${ctx.site}`);
  } else {
    out.push(
      'X-Forwarded-For',
      client.ip,
      'X-Forwarded-Proto',
      client.proto,
      'X-Use-X-Accel-Redirect',
      'True',
    );
  }
  return out;
}

function peerOf(ctx: Pick<RequestContext, 'req'>): string {
  const peer = ctx.req.socket.remoteAddress ?? '';
  return peer.startsWith('::ffff:') && peer.indexOf('.') > 0 ? peer.slice(7) : peer;
}

function connectionTokens(value: string): Set<string> {
  const set = new Set<string>();
  for (const token of value.split(',')) {
    const t = token.trim().toLowerCase();
    if (t && t !== 'close' && t !== 'keep-alive' && t !== 'upgrade') set.add(t);
  }
  return set;
}
