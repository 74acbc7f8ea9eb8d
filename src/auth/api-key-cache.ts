import { hash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.ts';

/** How long a resolved API key is trusted without asking the database again (ms). */
export const apiKeyCacheTtlMs = 5000;

interface Entry {
  /** SHA-256 of the secret that resolved: a different secret presented for the key asks the database. */
  digest: Buffer;
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
 * and the secret check. An entry holds only a hash of the secret that matched and lives `ttlMs` (5 s): a
 * secret regenerated or a user disabled in another process stops working within that time; `clear()` (which
 * `generateApiKeys` calls) stops it at once in this process. Scoped by the site's database handle.
 *
 * @example const who = apiKeyCache.get(db, pair) ?? (await lookUp(db, pair));
 */
export class ApiKeyCache {
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #sites = new WeakMap<object, Map<string, Entry>>();
  #epoch = 0;

  constructor(options: ApiKeyCacheOptions = {}) {
    this.#ttl = options.ttlMs ?? apiKeyCacheTtlMs;
    this.#max = options.max ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The user `key:secret` resolved to within the TTL, or undefined (then ask the database). */
  get(scope: object, key: string, secret: string): Principal | undefined {
    const entries = this.#sites.get(scope);
    const entry = entries?.get(key);
    if (!entry) return undefined;
    if (entry.epoch !== this.#epoch || entry.expiresAt <= this.#now()) {
      entries!.delete(key);
      return undefined;
    }
    if (!timingSafeEqual(entry.digest, digestOf(secret))) return undefined;
    // Most recently used last, so the oldest is the first in the map.
    entries!.delete(key);
    entries!.set(key, entry);
    return entry.principal;
  }

  /** Remembers that `key:secret` resolved to `principal`. */
  set(scope: object, key: string, secret: string, principal: Principal): void {
    let entries = this.#sites.get(scope);
    if (!entries) {
      entries = new Map();
      this.#sites.set(scope, entries);
    }
    entries.delete(key);
    entries.set(key, {
      digest: digestOf(secret),
      principal,
      expiresAt: this.#now() + this.#ttl,
      epoch: this.#epoch,
    });
    if (entries.size > this.#max) entries.delete(entries.keys().next().value!);
  }

  /** Forgets every entry of every site (a key's secret or its user changed in this process). */
  clear(): void {
    this.#epoch++;
  }
}

// The one-shot hash: a third of createHash's cost, on every token-authenticated request.
function digestOf(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/** The process's API key cache, shared by the backend and the websocket handshake. */
export const apiKeyCache = new ApiKeyCache();
