import type { IncomingHttpHeaders } from 'node:http';

/** Which header named the connection's site, so refusals and logs can say why a site was chosen. */
export type SiteSource = 'X-Frappe-Site-Name' | 'Origin' | 'Host';

/** The site a handshake asks for; `site` is undefined when the deciding header is present but malformed. */
export interface HandshakeSite {
  site: string | undefined;
  source: SiteSource;
  /** The raw header value, for messages. */
  raw: string;
}

// A host name or bracketed IPv6 literal, optional port. Anything else (userinfo, paths, spaces, lists from
// repeated headers) is malformed rather than "best-effort parsed".
const hostPattern = /^([a-z0-9](?:[a-z0-9.-]{0,252}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;
const originPattern = /^https?:\/\/([^/?#@\s]{1,300}?)\/?$/i;

/**
 * The host name of a `Host`-style value (`name[:port]`), lowercased, port stripped; undefined when malformed.
 *
 * @example hostOf('Site1.Local:8080') // 'site1.local'
 */
export function hostOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = hostPattern.exec(value.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}

/**
 * The host name of an `Origin` value (`http(s)://host[:port]`); undefined for `null`, other schemes or junk.
 *
 * @example originHostOf('https://site1.local:8443') // 'site1.local'
 */
export function originHostOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = originPattern.exec(value.trim());
  return match ? hostOf(match[1]) : undefined;
}

/**
 * The site of a handshake (docs/wire.md §8): `X-Frappe-Site-Name`, then the Origin host, then the Host host.
 * A present but malformed `X-Frappe-Site-Name` decides (as undefined) instead of silently falling through.
 * Returns undefined when no header names a site at all.
 */
export function siteOfHandshake(headers: IncomingHttpHeaders): HandshakeSite | undefined {
  const named = headers['x-frappe-site-name'];
  if (named !== undefined && named !== '') {
    const raw = String(named);
    return { site: hostOf(named), source: 'X-Frappe-Site-Name', raw };
  }
  const origin = originHostOf(headers.origin);
  if (origin) return { site: origin, source: 'Origin', raw: String(headers.origin) };
  if (headers.host) return { site: hostOf(headers.host), source: 'Host', raw: String(headers.host) };
  return undefined;
}

/**
 * Whether a handshake's Origin may connect to `site`: no Origin (non-browser clients) passes; otherwise its host
 * must equal the Host host or the site (ports ignored). The site case lets a fixed `FRAPPE_SITE_NAME_HEADER`
 * differ from Host; anything else is a foreign page trying to ride the user's cookies (cross-site WebSocket
 * hijacking).
 */
export function originAllowed(headers: IncomingHttpHeaders, site: string): boolean {
  if (headers.origin === undefined) return true;
  const origin = originHostOf(headers.origin);
  if (!origin) return false;
  return origin === site || origin === hostOf(headers.host);
}
