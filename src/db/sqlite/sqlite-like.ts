// SQLite's LIKE made case-insensitive for all of Unicode (docs/wire.md §6), as PostgreSQL's ILIKE and
// MariaDB's *_ci collations are: `X LIKE Y [ESCAPE Z]` calls `like(Y, X[, Z])`, which a connection may
// override. The override turns off SQLite's LIKE index optimisation, which never applied here anyway
// (it needs NOCASE columns, and Cortado's are BINARY).
import type BetterSqlite3 from 'better-sqlite3';
import { compileLike, foldCase, type LikeMatcher } from './unicode-like.ts';

// Compiled patterns, shared by every connection: a list query compiles its pattern once, then matches
// every row; the bound keeps hostile variety from growing it without end.
const maxPatterns = 500;
const compiled = new Map<string, LikeMatcher>();

/**
 * Overrides `like(pattern, value)` and `like(pattern, value, escape)` on a connection.
 *
 * @example registerUnicodeLike(raw); raw.prepare("SELECT 'École' LIKE 'É%'").pluck().get() // 1
 */
export function registerUnicodeLike(raw: BetterSqlite3.Database): void {
  const options = { deterministic: true, safeIntegers: true };
  raw.function('like', options, (pattern: unknown, value: unknown) => like(pattern, value, undefined));
  raw.function('like', options, (pattern: unknown, value: unknown, escapeChar: unknown) => {
    if (escapeChar === null) return null;
    const text = asText(escapeChar)!;
    if ([...text].length !== 1) throw new Error('ESCAPE expression must be a single character');
    return like(pattern, value, text);
  });
}

// The pattern of the previous call: a query calls with one pattern for every row.
let lastPattern: unknown;
let lastEscape: string | undefined;
let lastMatcher: LikeMatcher = () => false;

function like(pattern: unknown, value: unknown, escapeChar: string | undefined): number | null {
  if (pattern === null || value === null) return null;
  if (pattern !== lastPattern || escapeChar !== lastEscape || typeof pattern !== 'string') {
    lastMatcher = matcherFor(asText(pattern)!, escapeChar);
    lastPattern = pattern;
    lastEscape = escapeChar;
  }
  return lastMatcher(foldCase(asText(value)!)) ? 1 : 0;
}

function matcherFor(pattern: string, escapeChar: string | undefined): LikeMatcher {
  const key = escapeChar === undefined ? pattern : `${escapeChar}\0${pattern}`;
  let matcher = compiled.get(key);
  if (!matcher) {
    if (compiled.size >= maxPatterns) compiled.clear();
    matcher = compileLike(pattern, escapeChar);
    compiled.set(key, matcher);
  }
  return matcher;
}

// A value as SQLite's LIKE reads it: integers in decimal, reals in SQLite's own text form, blobs as UTF-8.
function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return realText(value);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return value === null || value === undefined ? undefined : String(value);
}

/**
 * A REAL as SQLite writes it as text: 15 significant digits, or 17 when 15 do not read back the same,
 * always with a fraction, in exponent form below 1e-4 or from 1e17 (`1.0`, `0.30000000000000004`,
 * `1.0e+20`, `1.0e-05`).
 */
export function realText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0.0';
  // 15 significant digits when they read back as the same number, else 17.
  let scientific = value.toExponential(14);
  if (Number(scientific) !== value) scientific = value.toExponential(16);
  const [mantissa, exponentText] = scientific.split('e') as [string, string];
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  const digits = mantissa
    .replace('-', '')
    .replace('.', '')
    .replace(/(?<=.)0+$/, '');
  if (exponent < -4 || exponent > 16) {
    const power = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exponent < 0 ? '-' : '+'}${power}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
}
