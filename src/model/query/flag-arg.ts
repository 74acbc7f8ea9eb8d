// The one reader of boolean arguments (Frappe's `sbool`/`cint` truthiness), shared by the list engine and
// the whitelisted methods. It never converts an object: a JSON object may carry its own `toString`.
import { clip, DataError } from './errors.ts';

const falseWords = new Set(['0', 'false', 'no', 'off', 'none', 'null']);

/**
 * A flag sent as text, number or boolean; `fallback` when absent or empty; DataError (417) for anything else.
 *
 * @example flagArg('0', true) // false
 * @example flagArg(undefined, true) // true
 */
export function flagArg(value: unknown, fallback: boolean, name = 'flag'): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return !falseWords.has(value.trim().toLowerCase());
  throw new DataError(`${clip(name, 40)} must be true or false`);
}
