// The client's address and scheme as nginx's realip module computes them, except that
// X-Forwarded-Proto is believed only from a trusted peer (nginx believes anyone).
import { BlockList, isIP } from 'node:net';

/** One `UPSTREAM_REAL_IP_ADDRESS` entry: an address, or a network in CIDR notation. */
export interface TrustedNetwork {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Parses `10.0.0.0/8`, `172.18.0.1`, `fd00::/8` or `::1`. undefined when malformed.
 *
 * @example parseTrustedNetwork('10.0.0.0/8') // { address: '10.0.0.0', prefix: 8, family: 'ipv4' }
 */
export function parseTrustedNetwork(text: string): TrustedNetwork | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const bits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(bits)) return undefined;
    prefix = Number(bits);
    if (prefix > max) return undefined;
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** `::ffff:1.2.3.4` (how a dual-stack listener reports IPv4 peers) as `1.2.3.4`; other addresses unchanged. */
export function normalizeIp(ip: string): string {
  return ip.length > 7 && ip.charCodeAt(0) === 58 && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)
    ? ip.slice(7)
    : ip;
}

const MAX_REMEMBERED = 1024;

/** The set of proxies whose forwarding headers are believed. */
export class TrustedProxies {
  readonly #list = new BlockList();
  readonly #empty: boolean;
  // BlockList.check allocates a SocketAddress per call; the same few peers ask again and again.
  readonly #verdicts = new Map<string, boolean>();

  constructor(networks: readonly TrustedNetwork[]) {
    for (const n of networks) this.#list.addSubnet(n.address, n.prefix, n.family);
    this.#empty = networks.length === 0;
  }

  /** Whether `ip` (already normalised) is a trusted proxy. */
  has(ip: string): boolean {
    if (this.#empty) return false;
    let verdict = this.#verdicts.get(ip);
    if (verdict === undefined) {
      const version = isIP(ip);
      verdict = version !== 0 && this.#list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
      // Bounded: addresses in headers are chosen by clients.
      if (this.#verdicts.size >= MAX_REMEMBERED) this.#verdicts.clear();
      this.#verdicts.set(ip, verdict);
    }
    return verdict;
  }
}

/** Who is really on the other end, once trusted proxies are accounted for. */
export interface ClientAddress {
  /** The client address sent upstream as X-Forwarded-For. */
  ip: string;
  /** `https` only when a trusted peer said so. */
  proto: 'http' | 'https';
  /** Whether the immediate peer is a trusted proxy. */
  trusted: boolean;
}

/**
 * nginx `real_ip_header` + `real_ip_recursive` semantics: from a trusted peer, the last address of
 * the header; recursively, the rightmost address that is not itself trusted.
 *
 * @example realClient('127.0.0.1', '203.0.113.9', 'https', trusted, false) // { ip: '203.0.113.9', proto: 'https', trusted: true }
 */
export function realClient(
  peer: string,
  header: string | undefined,
  forwardedProto: string | undefined,
  trust: TrustedProxies,
  recursive: boolean,
): ClientAddress {
  const peerIp = normalizeIp(peer);
  if (!trust.has(peerIp)) return { ip: peerIp, proto: 'http', trusted: false };
  let ip = peerIp;
  if (header) {
    let end = header.length;
    while (end > 0) {
      const comma = header.lastIndexOf(',', end - 1);
      const candidate = normalizeIp(header.slice(comma + 1, end).trim());
      if (isIP(candidate) === 0) break;
      ip = candidate;
      if (!recursive || !trust.has(candidate)) break;
      end = Math.max(comma, 0);
    }
  }
  return { ip, proto: isHttps(forwardedProto) ? 'https' : 'http', trusted: true };
}

// The leftmost value is the scheme the outermost proxy saw.
function isHttps(value: string | undefined): boolean {
  if (!value) return false;
  const comma = value.indexOf(',');
  return (comma < 0 ? value : value.slice(0, comma)).trim().toLowerCase() === 'https';
}
