// The site a request belongs to. Site names become path segments under sites/, so anything that is
// not a plain host name is refused here, once, rather than sanitised at every use.

const SITE_NAME = /^[a-z0-9_-][a-z0-9_.-]{0,252}$|^\[[0-9a-f:.]{2,45}\]$/;
const PORT = /^:\d{0,5}$/;

/** Whether `name` can be a site (a lowercase host name or bracketed IPv6 literal; never `.`/`..`/`a/b`). */
export function isValidSiteName(name: string): boolean {
  return SITE_NAME.test(name);
}

/**
 * nginx's `$host`: the Host header lowercased, without port or trailing dot. undefined when the
 * header is not a valid host (the request gets a 400).
 *
 * @example hostWithoutPort('Example.COM:8080') // 'example.com'
 */
export function hostWithoutPort(host: string): string | undefined {
  let name: string;
  if (host.charCodeAt(0) === 91 /* [ */) {
    const end = host.indexOf(']');
    if (end < 0) return undefined;
    name = host.slice(0, end + 1);
    const rest = host.slice(end + 1);
    if (rest !== '' && !PORT.test(rest)) return undefined;
  } else {
    const colon = host.indexOf(':');
    name = colon < 0 ? host : host.slice(0, colon);
    if (colon >= 0 && !PORT.test(host.slice(colon))) return undefined;
    if (name.endsWith('.')) name = name.slice(0, -1);
  }
  name = name.toLowerCase();
  return isValidSiteName(name) ? name : undefined;
}
