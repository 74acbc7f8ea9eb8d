import type { IncomingHttpHeaders } from 'node:http';
import type { Credentials } from './types.ts';

// Caps far above real values (a sid is 56 hex, an API token ~31 chars, a JWT a few KB) that stop a hostile
// handshake from handing megabytes to the session store.
const maxSidLength = 256;
const maxTokenLength = 1024;
const maxAuthorizationLength = 8192;

/** The part of a Socket.IO handshake that credentials come from. */
export interface HandshakeLike {
  headers: IncomingHttpHeaders;
  auth: unknown;
}

/**
 * The credentials a handshake offers: `auth.sid` (else the `sid` cookie), the `Authorization` header and
 * `auth.token`. The explicit handshake `auth` wins over the ambient cookie. Wrong types and oversized values
 * are dropped, so the resolver only ever sees bounded strings.
 *
 * @example credentialsOf({ headers: { cookie: 'sid=abc' }, auth: {} }) // { sid: 'abc' }
 */
export function credentialsOf(handshake: HandshakeLike): Credentials {
  const auth = isRecord(handshake.auth) ? handshake.auth : {};
  const credentials: Credentials = {};
  const sid = boundedString(auth.sid, maxSidLength) ?? cookieValue(handshake.headers.cookie, 'sid');
  if (sid !== undefined && sid.length <= maxSidLength) credentials.sid = sid;
  const authorization = boundedString(handshake.headers.authorization, maxAuthorizationLength);
  if (authorization !== undefined) credentials.authorization = authorization;
  const token = boundedString(auth.token, maxTokenLength);
  if (token !== undefined) credentials.token = token;
  return credentials;
}

/** Whether the handshake offers anything to check at all (if not, the refusal says what to send). */
export function hasCredentials(credentials: Credentials): boolean {
  return (
    credentials.sid !== undefined ||
    credentials.authorization !== undefined ||
    credentials.token !== undefined
  );
}

/**
 * One cookie's value from a `Cookie` header (first occurrence, quotes removed, percent-decoded when valid).
 *
 * @example cookieValue('a=1; sid=xyz', 'sid') // 'xyz'
 */
export function cookieValue(header: unknown, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not percent-encoded after all: keep it as sent.
    }
    return value === '' ? undefined : value;
  }
  return undefined;
}

function boundedString(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= max ? trimmed : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
