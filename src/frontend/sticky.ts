// Sticky Socket.IO sessions across several websocket upstreams.
//
// Engine.IO keeps a session (`sid`) in the memory of the process that created it: every later
// long-polling request and the WebSocket upgrade of that session must reach the same process, or it
// answers 400 "Session ID unknown". The upstream that creates a session is chosen before the sid
// exists, so the sid alone cannot be hashed to it. Instead the router tags the sid in the handshake
// response with the creating upstream (`<tag>.<sid>`) and routes every later request by that tag,
// stripping it before forwarding. Any router with the same upstream set decodes the same tag, so
// several frontends agree without shared state. Untagged or unknown sids fall back to a consistent
// hash of the sid.

import type { Upstream, UpstreamPool } from './upstream-pool.ts';

const TAG_LENGTH = 8;
const MAX_SID_LENGTH = 200;

/** Where a request's `sid` query parameter sits in the raw URL, or undefined without one. */
export interface SidLocation {
  /** The sid as the client sent it (possibly tagged). */
  sid: string;
  start: number;
  end: number;
}

/**
 * Finds the `sid` query parameter in a raw URL. Overlong values are ignored (they only reach the
 * upstream, which rejects them).
 *
 * @example findSid('/socket.io/?EIO=4&transport=polling&sid=abc') // { sid: 'abc', start: 40, end: 43 }
 */
export function findSid(url: string): SidLocation | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  let i = q + 1;
  while (i < url.length) {
    let amp = url.indexOf('&', i);
    if (amp < 0) amp = url.length;
    if (url.startsWith('sid=', i)) {
      const start = i + 4;
      if (amp === start || amp - start > MAX_SID_LENGTH) return undefined;
      return { sid: url.slice(start, amp), start, end: amp };
    }
    i = amp + 1;
  }
  return undefined;
}

/** Splits `<tag>.<sid>` into its parts, or undefined when the sid carries no tag. */
export function splitTag(sid: string): { tag: string; raw: string } | undefined {
  if (sid.length <= TAG_LENGTH + 1 || sid.charCodeAt(TAG_LENGTH) !== 46 /* . */) return undefined;
  const tag = sid.slice(0, TAG_LENGTH);
  return /^[0-9a-f]{8}$/.test(tag) ? { tag, raw: sid.slice(TAG_LENGTH + 1) } : undefined;
}

/** `url` with the `sid` value at `loc` replaced by `sid`. */
export function replaceSid(url: string, loc: SidLocation, sid: string): string {
  return url.slice(0, loc.start) + sid + url.slice(loc.end);
}

// An Engine.IO open packet at the start of a polling payload: v4 `0{"sid":"…"`, v3 `<len>:0{"sid":"…"`.
const OPEN_PACKET = /^(?:(\d+):)?0\{"sid":"([^"\\]{1,200})"/;

/**
 * Rewrites the sid of an Engine.IO handshake response body to `<tag>.<sid>` (fixing the v3 length
 * prefix), or undefined when the body is not an open packet.
 *
 * @example tagHandshake('0{"sid":"abc","upgrades":[]}', '0a1b2c3d') // '0{"sid":"0a1b2c3d.abc","upgrades":[]}'
 */
export function tagHandshake(body: string, tag: string): string | undefined {
  const m = OPEN_PACKET.exec(body);
  if (!m) return undefined;
  const prefix = m[1] === undefined ? '' : `${Number(m[1]) + TAG_LENGTH + 1}:`;
  return `${prefix}0{"sid":"${tag}.${m[2]}"${body.slice(m[0].length)}`;
}

/** Where a Socket.IO request goes. */
export interface SessionRoute {
  /** The URL to forward (the router's tag removed from the sid). */
  url: string;
  /** The upstream holding the named session; undefined for a new session (any upstream). */
  sticky: Upstream | undefined;
  /** No sid yet: a handshake, whose response gets its sid tagged. */
  handshake: boolean;
}

/**
 * Routes a Socket.IO URL: to the upstream that holds its session (by tag, else by a hash of the
 * sid), or anywhere for a handshake.
 *
 * @example const { url, sticky } = sessionRoute(socketioPool, '/socket.io/?EIO=4&transport=polling&sid=0a1b2c3d.abc');
 */
export function sessionRoute(pool: UpstreamPool, url: string): SessionRoute {
  const loc = findSid(url);
  if (!loc) return { url, sticky: undefined, handshake: true };
  const tagged = splitTag(loc.sid);
  if (!tagged) return { url, sticky: pool.hashed(loc.sid), handshake: false };
  return {
    url: replaceSid(url, loc, tagged.raw),
    sticky: pool.byTag(tagged.tag) ?? pool.hashed(tagged.raw),
    handshake: false,
  };
}
