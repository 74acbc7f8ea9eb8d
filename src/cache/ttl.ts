/**
 * A TTL in seconds as whole milliseconds, or undefined for "never expires" (missing, zero, negative, NaN, Infinity).
 * Rounds up so a fractional TTL never becomes 0 ms (which would mean "no expiry" or an error in Redis).
 *
 * @example ttlMs(1) === 1000; ttlMs(0) === undefined; ttlMs(0.0001) === 1
 */
export function ttlMs(ttlSeconds: number | undefined): number | undefined {
  if (ttlSeconds === undefined || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) return undefined;
  return Math.max(1, Math.ceil(ttlSeconds * 1000));
}

/** A decimal integer as Redis' INCR accepts it: optional minus, no leading zeros, no spaces or plus sign. */
export const integerPattern = /^-?(0|[1-9]\d*)$/;
