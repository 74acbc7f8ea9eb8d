import type { Queryable } from '../db/database.ts';
import { InvalidAuthorizationToken } from '../errors/index.ts';
import type { ApiKeyCache } from './api-key-cache.ts';
import { maxApiSecretLength } from './api-secret.ts';
import { hashPassword, isLegacyHash, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';
import { quoter } from './sql.ts';
import { toUserRecord } from './users.ts';

/** An API key pair from an Authorization header or a handshake token. */
export interface ApiKeyPair {
  key: string;
  secret: string;
}

const maxHeader = 1024;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads `token <key>:<secret>` or `Basic base64(<key>:<secret>)`. Returns undefined for any other
 * scheme or shape (the caller answers 401); throws InvalidAuthorizationToken (400) when a Basic
 * value is not base64, as Frappe does.
 */
export function parseAuthorization(header: string): ApiKeyPair | undefined {
  if (header.length > maxHeader) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'token') return splitPair(value);
  if (scheme === 'basic') {
    if (!base64.test(value) || value.length % 4 !== 0) throw new InvalidAuthorizationToken();
    return splitPair(Buffer.from(value, 'base64').toString('utf8'));
  }
  return undefined;
}

/** `key:secret` → the pair, or undefined when either side is empty. */
export function splitPair(value: string): ApiKeyPair | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  return { key: value.slice(0, colon), secret: value.slice(colon + 1) };
}

/** The user `pair` resolved to within the cache's TTL, without a promise (the hot path); undefined: ask `resolveApiKey`. */
export function cachedApiKey(db: Queryable, pair: ApiKeyPair, cache: ApiKeyCache): Principal | undefined {
  if (pair.key.length > 140 || pair.secret.length > maxApiSecretLength) return undefined;
  return cache.get(db, pair.key, pair.secret);
}

/**
 * The enabled user owning `pair`, or undefined (unknown key, wrong secret, disabled user). With `cache`, a pair
 * that resolved within the cache's TTL is answered without the database (see ApiKeyCache). A miss costs one
 * indexed query, plus one scrypt check of the stored hash when this pair was not verified against that very hash
 * before (first use, or the secret changed). Requests that miss together share one check in signInWithToken.
 */
export async function resolveApiKey(
  db: Queryable,
  pair: ApiKeyPair,
  cache?: ApiKeyCache,
): Promise<Principal | undefined> {
  if (pair.key.length > 140 || pair.secret.length > maxApiSecretLength) return undefined;
  return (cache && cachedApiKey(db, pair, cache)) || lookUp(db, pair, cache);
}

async function lookUp(db: Queryable, pair: ApiKeyPair, cache?: ApiKeyCache): Promise<Principal | undefined> {
  const q = quoter(db);
  const row = await db.one(
    `select u.${q('name')}, u.enabled, u.user_type, u.first_name, u.last_name, u.user_image, a.password
     from ${q('tabUser')} u left join ${q('__Auth')} a
       on a.doctype = 'User' and a.${q('name')} = u.${q('name')} and a.fieldname = 'api_secret'
     where u.api_key = ?`,
    [pair.key],
  );
  // No dummy hashing for unknown keys: a key identifies, the secret authenticates.
  if (!row || typeof row.password !== 'string') return undefined;
  const hash = row.password;
  const verified =
    cache?.verifiedHash(db, pair.key, pair.secret) === hash || (await verifyPassword(pair.secret, hash));
  if (!verified) return undefined;
  const user = toUserRecord(row);
  if (!user.enabled && user.user !== 'Administrator') return undefined;
  const stored = isLegacyHash(hash) ? await rehash(db, user.user, hash, pair.secret) : hash;
  const { enabled: _, ...principal } = user;
  cache?.set(db, pair.key, pair.secret, stored, principal);
  return principal;
}

// A secret stored unsalted (before Cortado salted them) is stored again as scrypt the first time it is used; the
// update only replaces that very hash, so a secret regenerated meanwhile is never overwritten.
async function rehash(db: Queryable, user: string, legacy: string, secret: string): Promise<string> {
  const q = quoter(db);
  const hash = await hashPassword(secret);
  const { changes } = await db.run(
    `update ${q('__Auth')} set ${q('password')} = ?
     where ${q('doctype')} = 'User' and ${q('name')} = ? and ${q('fieldname')} = 'api_secret' and ${q('password')} = ?`,
    [hash, user, legacy],
  );
  return changes ? hash : legacy;
}
