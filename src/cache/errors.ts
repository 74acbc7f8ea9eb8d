/**
 * The cache cannot be reached (Redis down, refused, timed out). Callers may degrade (skip caching) or fail.
 *
 * @example try { await cache.get(k); } catch (e) { if (e instanceof CacheUnavailableError) log.warn(e.message); }
 */
export class CacheUnavailableError extends Error {
  override name = 'CacheUnavailableError';
  readonly code = 'CACHE_UNAVAILABLE';
  constructor(where: string, cause: unknown) {
    super(`cache at ${where} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** `incr` hit a value that is not an integer (or would overflow), as Redis' INCR refuses it. */
export class CacheNotIntegerError extends Error {
  override name = 'CacheNotIntegerError';
  readonly code = 'CACHE_NOT_INTEGER';
  constructor(key: string) {
    // Keys may come from requests: quote and truncate so a message never carries a hostile payload whole.
    super(`cache: value of ${JSON.stringify(key.slice(0, 200))} is not an integer or out of range`);
  }
}

/** The cache was used after `close()`. */
export class CacheClosedError extends Error {
  override name = 'CacheClosedError';
  readonly code = 'CACHE_CLOSED';
  constructor() {
    super('cache: used after close()');
  }
}
