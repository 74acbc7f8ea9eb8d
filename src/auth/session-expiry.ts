/** Frappe's default idle session expiry: 240 hours. */
export const defaultSessionExpiry = '240:00:00';

/**
 * Seconds in a `session_expiry` value (`"hours:minutes[:seconds]"`, e.g. `"240:00:00"`). A missing or
 * malformed value gives the default (config validation already rejects malformed values at load).
 *
 * @example expirySeconds('06:00') // 21600
 */
export function expirySeconds(value: string | undefined): number {
  const match = /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(value ?? defaultSessionExpiry);
  if (!match) return expirySeconds(defaultSessionExpiry);
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
  return seconds > 0 ? seconds : expirySeconds(defaultSessionExpiry);
}
