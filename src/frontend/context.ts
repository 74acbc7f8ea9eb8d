// A request as the rules see it: the request line and Host parsed once, the site resolved, the
// client's real address and scheme known.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../config/log.ts';
import type { FrontendConfig } from './config.ts';
import { type ClientAddress, realClient, TrustedProxies } from './real-ip.ts';
import { hostWithoutPort } from './site-name.ts';
import { normalizePath } from './url-path.ts';

/** One request as the router sees it, passed explicitly through the rules. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The URL to forward: origin-form, raw (still percent-encoded). */
  url: string;
  /** `url` up to the query string, raw. */
  rawPath: string;
  /** The query string including its `?`, or ''. */
  query: string;
  /** Decoded and normalised path: what the rules match on. */
  path: string;
  /** The resolved site name (X-Frappe-Site-Name). */
  site: string;
  /** The client's Host header, forwarded unchanged (the site name when the client sent none). */
  host: string;
  client: ClientAddress;
  head: boolean;
}

/** Reads a request into a {@link RequestContext}, or the status (400) to refuse it with. */
export type ContextReader = (req: IncomingMessage, res: ServerResponse) => RequestContext | number;

/**
 * The per-request reader for a configuration: site from the Host (or fixed), path normalised,
 * client address from trusted proxies.
 *
 * @example const read = createContextReader(config, log); const ctx = read(req, res);
 */
export function createContextReader(config: FrontendConfig, log: Logger): ContextReader {
  const trust = new TrustedProxies(config.realIp.from);
  const realIpHeader = config.realIp.header;
  const recursive = config.realIp.recursive;
  const fixedSite = config.siteName.mode === 'fixed' ? config.siteName.name : undefined;
  const debug = log.isLevelEnabled('debug');

  // Clients repeat the same Host: remember the last one parsed.
  let lastHost = '';
  let lastSite: string | undefined;
  function siteOf(host: string): string | undefined {
    if (host !== lastHost) {
      lastSite = hostWithoutPort(host);
      lastHost = host;
    }
    return lastSite;
  }

  // Everything the rules need from the request line and headers, or the status to refuse it with.
  function prepare(req: IncomingMessage, res: ServerResponse): RequestContext | number {
    let url = req.url ?? '';
    let lineHost: string | undefined;
    if (url.charCodeAt(0) !== 47 /* / */) {
      // Absolute-form (`GET http://host/path`): the request line's host wins, as in nginx.
      const m = /^https?:\/\/([^/?#]*)([^#]*)/i.exec(url);
      if (!m) return 400;
      lineHost = m[1];
      url = m[2] === '' ? '/' : m[2]!.charCodeAt(0) === 63 /* ? */ ? `/${m[2]}` : m[2]!;
    }
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const path = normalizePath(rawPath);
    if (path === undefined) return 400;
    const headers = req.headers;
    const host = lineHost ?? headers.host;
    let site = fixedSite;
    if (site === undefined) {
      site = host === undefined ? undefined : siteOf(host);
      if (site === undefined) return 400;
    } else if (host === undefined && req.httpVersionMinor === 1) {
      return 400; // HTTP/1.1 requires Host
    } else if (debug && host !== undefined && hostWithoutPort(host) !== site) {
      log.debug({ site, host, url }, 'site name fixed by FRAPPE_SITE_NAME_HEADER; Host differs');
    }
    const client = realClient(
      req.socket.remoteAddress ?? '',
      headers[realIpHeader] as string | undefined,
      headers['x-forwarded-proto'] as string | undefined,
      trust,
      recursive,
    );
    return {
      req,
      res,
      url,
      rawPath,
      query: q < 0 ? '' : url.slice(q),
      path,
      site,
      host: host ?? site,
      client,
      head: req.method === 'HEAD',
    };
  }
  return prepare;
}
