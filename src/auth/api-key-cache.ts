import { LruMap } from '../cache/lru-map.ts';
import type { Principal } from './principal.ts';
import { sameSecret } from './same-secret.ts';

/** How long a resolved API key is trusted without asking the database again (ms). */
export const apiKeyCacheTtlMs = 5000;

interface Entry {
  /** The secret that resolved: a different secret presented for the key asks the database. */
  secret: string;
  /** The stored hash the secret was verified against. */
  hash: string;
  principal: Principal;
  expiresAt: number;
  epoch: number;
}

/** Options of an API key cache (tests pin the clock). */
export interface ApiKeyCacheOptions {
  ttlMs?: number;
  /** Keys kept per site handle; the least recently used goes first. */
  max?: number;
  now?: () => number;
}

/**
 * A short-lived, per-process memo of `key:secret` → user, so token-authenticated requests skip the user lookup
 * and the stored hash's check. An entry lives `ttlMs` (5 s): a secret regenerated or a user disabled in another
 * process stops working within that time; `clear()` (which `generateApiKeys` calls) stops it at once in this
 * process. Scoped by the site's database handle. It keeps the secret itself, compared in constant time, as the
 * request that presented it did: hashing it again on every request cost more than the rest of the check. Past the
 * TTL an entry still remembers which stored hash its secret matched (`verifiedHash`), so the lookup that follows
 * re-reads the user and the hash but runs scrypt again only when the hash changed.
 *
 * @example const who = apiKeyCache.get(db, pair) ?? (await lookUp(db, pair));
 */
export class ApiKeyCache {
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #sites = new WeakMap<object, LruMap<string, Entry>>();
  #epoch = 0;

  constructor(options: ApiKeyCacheOptions = {}) {
    this.#ttl = options.ttlMs ?? apiKeyCacheTtlMs;
    this.#max = options.max ?? 1000;
    // Read through Date at each call, so a test's mocked clock reaches the process's cache too.
    this.#now = options.now ?? (() => Date.now());
  }

  /** The user `key:secret` resolved to within the TTL, or undefined (then ask the database). */
  get(scope: object, key: string, secret: string): Principal | undefined {
    const entries = this.#sites.get(scope);
    const entry = entries?.get(key);
    if (!entry) return undefined;
    if (entry.epoch !== this.#epoch) {
      entries!.delete(key);
      return undefined;
    }
    if (entry.expiresAt <= this.#now()) return undefined;
    if (!sameSecret(secret, entry.secret)) return undefined;
    return entry.principal;
  }

  /**
   * The stored hash `key:secret` was last verified against, expired or not (cleared entries excepted): a memo of
   * `verifyPassword(secret, hash)`, which is deterministic, so a lookup finding the same hash need not run it.
   */
  verifiedHash(scope: object, key: string, secret: string): string | undefined {
    const entry = this.#sites.get(scope)?.get(key);
    if (!entry || entry.epoch !== this.#epoch || !sameSecret(secret, entry.secret)) return undefined;
    return entry.hash;
  }

  /** Remembers that `key:secret` resolved to `principal`, verified against the stored `hash`. */
  set(scope: object, key: string, secret: string, hash: string, principal: Principal): void {
    let entries = this.#sites.get(scope);
    if (!entries) {
      entries = new LruMap(this.#max);
      this.#sites.set(scope, entries);
    }
    entries.set(key, { secret, hash, principal, expiresAt: this.#now() + this.#ttl, epoch: this.#epoch });
  }

  /** Forgets every entry of every site (a key's secret or its user changed in this process). */
  clear(): void {
    this.#epoch++;
  }
}

/** The process's API key cache, shared by the backend and the websocket handshake. */
export const apiKeyCache = new ApiKeyCache();
