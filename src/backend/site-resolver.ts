import type { IncomingHttpHeaders } from 'node:http';
import { isValidSiteName } from '../config/bench.ts';

/** Which site a request names, and from which header (for the logs: "why this site?"). */
export interface SiteChoice {
  /** The site name; may be invalid or unknown (the caller checks). Trimmed to 255 characters. */
  site: string;
  source: 'header' | 'host';
  /** Whether `site` is a well-formed site name at all. */
  valid: boolean;
}

/**
 * The request's site (docs/wire.md §1): `X-Frappe-Site-Name` when present, else the Host header
 * lowercased without its port. The result is a name to look up, never a path.
 *
 * @example siteOf({ host: 'Example.COM:8080' }) // { site: 'example.com', source: 'host', valid: true }
 */
export function siteOf(headers: IncomingHttpHeaders): SiteChoice {
  const header = first(headers['x-frappe-site-name'])?.trim();
  if (header) return choice(header, 'header');
  return choice(hostWithoutPort(first(headers.host) ?? '').toLowerCase(), 'host');
}

function choice(site: string, source: SiteChoice['source']): SiteChoice {
  const trimmed = site.slice(0, 255);
  return { site: trimmed, source, valid: trimmed === site && isValidSiteName(site) };
}

// `[::1]:8000` keeps its brackets (and is then no valid site name); `name:8000` loses the port.
function hostWithoutPort(host: string): string {
  const value = host.trim();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
