import { BlockList, isIP } from 'node:net';

/** Loopback: the frontend router on the same host (and `app.inject`). */
export const defaultTrustedProxies: readonly string[] = ['127.0.0.0/8', '::1/128'];

/**
 * Which peers may speak for the client through `X-Forwarded-Proto` / `X-Forwarded-For`.
 * Any other peer's forwarding headers are ignored (nginx trusts everyone here; Cortado does not).
 *
 * @example const proxies = new TrustedProxies(['10.0.0.0/8']); proxies.scheme(peer, header) // 'https' | 'http'
 */
export class TrustedProxies {
  readonly #list = new BlockList();

  /** `entries`: addresses or CIDRs, IPv4 or IPv6. An invalid entry is a configuration error. */
  constructor(entries: readonly string[] = defaultTrustedProxies) {
    for (const entry of entries) {
      const [address = '', bits] = entry.trim().split('/');
      const family = isIP(address);
      if (!family) throw new Error(`trusted proxy is not an IP address or CIDR: ${entry}`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.#list.addAddress(address, type);
      else this.#list.addSubnet(address, Number(bits), type);
    }
  }

  isTrusted(address: string | undefined): boolean {
    const ip = normalize(address);
    const family = isIP(ip);
    return family !== 0 && this.#list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** `https` only when a trusted peer says so in `X-Forwarded-Proto` (first value). */
  scheme(peer: string | undefined, forwardedProto: string | string[] | undefined): 'http' | 'https' {
    if (!forwardedProto || !this.isTrusted(peer)) return 'http';
    const first = (Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto)?.split(',')[0];
    return first?.trim().toLowerCase() === 'https' ? 'https' : 'http';
  }

  /** The client's address: walk `X-Forwarded-For` from the right past trusted proxies. */
  clientIp(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    let ip = normalize(peer);
    if (!forwardedFor || !this.isTrusted(ip)) return ip || 'unknown';
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalize(hops[i]?.trim());
      if (!isIP(hop)) break;
      ip = hop;
      if (!this.isTrusted(hop)) break;
    }
    return ip;
  }
}

// `::ffff:127.0.0.1` is how an IPv4 peer shows up on a dual-stack socket.
function normalize(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
