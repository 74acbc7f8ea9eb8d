// nginx's value syntaxes, so frappe_docker's environment files keep working unchanged.

const SIZE = /^\s*(\d+)\s*([kKmMgG]?)\s*$/;
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/;
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Bytes in an nginx size (`1024`, `16k`, `50m`, `1g`); `0` means no limit. undefined when malformed.
 *
 * @example parseSize('50m') // 52428800
 */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()]!;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/**
 * Milliseconds in an nginx time (`120` = seconds, `500ms`, `2m`, `1h`); fractions are accepted
 * (`0.05` = 50 ms) so tests can use tiny timeouts. undefined when malformed.
 *
 * @example parseDuration('2m') // 120000
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * DURATION_UNITS[m[2] ?? 's']!;
  return Number.isFinite(ms) ? ms : undefined;
}
