// Bounds on list requests: anything larger is refused before any work, so a hostile request cannot make
// the engine parse, compile or bind without end.
import { overridesConversion } from './conversion-keys.ts';
import { DataError } from './errors.ts';

/** The limits the engine enforces on one request. */
export const queryLimits = {
  /** Characters in a JSON or comma-separated argument (fields, filters, or_filters). */
  argumentChars: 200_000,
  /** Nesting of arrays/objects in filters: `{"f": ["in", ["a"]]}` is 3 deep. */
  depth: 4,
  /** Entries in `fields`. */
  fields: 200,
  /** Conditions in `filters` plus `or_filters`. */
  conditions: 100,
  /** Values in one `in` / `not in` list. */
  inValues: 5_000,
  /** Characters in one filter value, field expression, order_by or group_by. */
  textChars: 10_000,
  /** Terms in order_by or group_by. */
  sortTerms: 20,
} as const;

/**
 * Parses an argument that may be JSON text (as from a query string), refusing oversized or deeply
 * nested input with DataError; non-strings are depth-checked and returned as they are.
 *
 * @example parseJsonArgument('[["status","=","Open"]]', 'filters') // [['status', '=', 'Open']]
 */
export function parseJsonArgument(value: unknown, name: string): unknown {
  if (typeof value !== 'string') {
    assertDepth(value, name);
    return value;
  }
  if (value.length > queryLimits.argumentChars) throw new DataError(`${name} is too long`);
  if (jsonDepth(value) > queryLimits.depth) throw new DataError(`${name} is nested too deeply`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new DataError(`${name} is not valid JSON`);
  }
  if (overridesConversion(value, parsed))
    throw new DataError(`${name} may not hold toString or valueOf keys`);
  return parsed;
}

/** Throws DataError when an already-parsed value nests deeper than the limit. */
export function assertDepth(value: unknown, name: string, depth = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (depth >= queryLimits.depth) throw new DataError(`${name} is nested too deeply`);
  const children = Array.isArray(value) ? value : Object.values(value);
  if (children.length > queryLimits.inValues) throw new DataError(`${name} has too many entries`);
  for (const child of children) assertDepth(child, name, depth + 1);
}

// Counts bracket nesting outside strings without parsing, so a 100k-deep document costs one pass.
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}
