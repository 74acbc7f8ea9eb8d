// The router's configuration, read from the environment with frappe_docker's variable names and
// defaults so an existing .env or compose file works unchanged.
import { parseTrustedNetwork, type TrustedNetwork } from './real-ip.ts';
import { isValidSiteName } from './site-name.ts';
import { parseDuration, parseSize } from './size.ts';

/** One `host:port` entry of `BACKEND` or `SOCKETIO`; `host` may be a DNS name, re-resolved over time. */
export interface UpstreamEntry {
  host: string;
  port: number;
}

/** Where the site name comes from: the request's Host (`$host`), or one fixed name for every request. */
export type SiteNameSource = { mode: 'host' } | { mode: 'fixed'; name: string };

/** Everything the router needs, typed and validated. */
export interface FrontendConfig {
  /** Listen address (`FRONTEND_HOST`, default `0.0.0.0`). */
  host: string;
  /** Listen port (`FRONTEND_PORT`, default 8080; 0 picks a free one). */
  port: number;
  /** The bench's sites folder (`SITES_PATH`, default `./sites`). */
  sitesPath: string;
  backend: UpstreamEntry[];
  socketio: UpstreamEntry[];
  siteName: SiteNameSource;
  realIp: { from: TrustedNetwork[]; header: string; recursive: boolean };
  /** Longest wait between two reads from the backend before a 504. */
  proxyReadTimeoutMs: number;
  /** Same for Socket.IO requests: nginx's default 60 s, long enough for a long-poll. */
  socketioReadTimeoutMs: number;
  /** Request body limit in bytes; 0 = unlimited (nginx semantics). */
  clientMaxBodySize: number;
  /** Keep the client's Origin on Socket.IO requests instead of `<proto>://<site>`. */
  socketioKeepOrigin: boolean;
  /** How often upstream DNS names are re-resolved. */
  resolveIntervalMs: number;
  /** Idle keep-alive connections from clients are closed after this (nginx `keepalive_timeout 15`). */
  keepAliveTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

/**
 * Reads the router's configuration from `env` (normally `process.env`). Throws an Error whose
 * one-line message names the offending variable.
 *
 * @example const config = parseFrontendConfig({ BACKEND: 'backend:8000', SOCKETIO: 'websocket:9000' });
 */
export function parseFrontendConfig(env: Env = process.env): FrontendConfig {
  return {
    host: nonEmpty(env, 'FRONTEND_HOST', '0.0.0.0'),
    port: parsePort(nonEmpty(env, 'FRONTEND_PORT', '8080'), 'FRONTEND_PORT'),
    sitesPath: nonEmpty(env, 'SITES_PATH', './sites'),
    backend: parseUpstreamList(nonEmpty(env, 'BACKEND', '0.0.0.0:8000'), 'BACKEND'),
    socketio: parseUpstreamList(nonEmpty(env, 'SOCKETIO', '0.0.0.0:9000'), 'SOCKETIO'),
    siteName: parseSiteName(nonEmpty(env, 'FRAPPE_SITE_NAME_HEADER', '$host')),
    realIp: {
      from: parseTrusted(env.UPSTREAM_REAL_IP_ADDRESS ?? '127.0.0.1'),
      header: parseHeaderName(nonEmpty(env, 'UPSTREAM_REAL_IP_HEADER', 'X-Forwarded-For')),
      recursive: parseOnOff(nonEmpty(env, 'UPSTREAM_REAL_IP_RECURSIVE', 'off'), 'UPSTREAM_REAL_IP_RECURSIVE'),
    },
    proxyReadTimeoutMs: parseTimeout(nonEmpty(env, 'PROXY_READ_TIMEOUT', '120'), 'PROXY_READ_TIMEOUT'),
    socketioReadTimeoutMs: 60_000,
    clientMaxBodySize: parseBodySize(nonEmpty(env, 'CLIENT_MAX_BODY_SIZE', '50m')),
    socketioKeepOrigin: parseOnOff(nonEmpty(env, 'SOCKETIO_KEEP_ORIGIN', '0'), 'SOCKETIO_KEEP_ORIGIN'),
    resolveIntervalMs: parseTimeout(
      nonEmpty(env, 'UPSTREAM_RESOLVE_INTERVAL', '5'),
      'UPSTREAM_RESOLVE_INTERVAL',
    ),
    keepAliveTimeoutMs: 15_000,
  };
}

/**
 * Parses `host:port[,host:port...]` (`[v6]:port` for IPv6 literals; port 80 when omitted, as nginx).
 *
 * @example parseUpstreamList('backend-1:8000, backend-2:8000', 'BACKEND')
 */
export function parseUpstreamList(text: string, variable: string): UpstreamEntry[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) fail(variable, text, 'expected host:port[,host:port...]');
  return entries.map((entry) => {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9_.-]+))(?::(\d+))?$/.exec(entry);
    if (!m) fail(variable, entry, 'expected host:port (IPv6 as [addr]:port)');
    const port = m[3] === undefined ? 80 : parsePort(m[3], variable);
    if (port === 0) fail(variable, entry, 'port must be 1-65535');
    return { host: m[1] ?? m[2]!, port };
  });
}

function parseSiteName(text: string): SiteNameSource {
  if (text === '$host' || text === '$$host') return { mode: 'host' };
  const name = text.toLowerCase();
  if (!isValidSiteName(name)) fail('FRAPPE_SITE_NAME_HEADER', text, 'expected $host or a site name');
  return { mode: 'fixed', name };
}

function parseTrusted(text: string): TrustedNetwork[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const net = parseTrustedNetwork(entry);
      if (!net) fail('UPSTREAM_REAL_IP_ADDRESS', entry, 'expected an IPv4/IPv6 address or CIDR');
      return net;
    });
}

function parseHeaderName(text: string): string {
  if (text.toLowerCase() === 'proxy_protocol') {
    fail('UPSTREAM_REAL_IP_HEADER', text, 'the PROXY protocol is not supported; use a header');
  }
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(text)) fail('UPSTREAM_REAL_IP_HEADER', text, 'not a header name');
  return text.toLowerCase();
}

function parseOnOff(text: string, variable: string): boolean {
  const v = text.toLowerCase();
  if (v === 'on' || v === '1' || v === 'true' || v === 'yes') return true;
  if (v === 'off' || v === '0' || v === 'false' || v === 'no') return false;
  return fail(variable, text, 'expected on or off');
}

function parseTimeout(text: string, variable: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0)
    fail(variable, text, 'expected a positive time such as 120, 30s, 2m or 0.5');
  return ms;
}

function parseBodySize(text: string): number {
  const bytes = parseSize(text);
  if (bytes === undefined) fail('CLIENT_MAX_BODY_SIZE', text, 'expected a size such as 50m, 512k or 0');
  return bytes;
}

function parsePort(text: string, variable: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) fail(variable, text, 'expected a port number');
  return port;
}

function nonEmpty(env: Env, name: string, fallback: string): string {
  const v = env[name]?.trim();
  return v ? v : fallback;
}

function fail(variable: string, value: string, expected: string): never {
  throw new Error(`${variable}=${JSON.stringify(value)} is invalid: ${expected}`);
}
