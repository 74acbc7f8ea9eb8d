// Small conversions the standard methods share (Frappe's `parse_json`, `get_safe_filters`, `sbool`).
import { DataError, ValidationError } from '../../errors/index.ts';
import { shown } from '../../model/query/errors.ts';
import { overridesConversion } from '../../model/query/index.ts';
import type { ParamSpec } from '../methods.ts';

/** A DocType name argument. */
export const doctypeParam = { type: 'string', required: true } as const satisfies ParamSpec;
/** A document name: a string, or a number for `autoincrement` DocTypes. */
export const nameParam = { type: ['string', 'float'], required: true } as const satisfies ParamSpec;
/** Any value, JSON text parsed later by whoever reads it. */
export const anyParam = { type: 'any' } as const satisfies ParamSpec;

/**
 * JSON text parsed, anything else as it is; text that is not JSON stays text (Frappe's `parse_json`).
 *
 * @example parseJsonValue('{"a":1}') // { a: 1 }
 */
export function parseJsonValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (overridesConversion(value, parsed))
    throw new ValidationError('Arguments may not hold toString or valueOf keys');
  return parsed;
}

/** A JSON object argument (text or object); ValidationError naming `param` otherwise. */
export function objectArg(value: unknown, param: string): Record<string, unknown> {
  const parsed = parseJsonValue(value);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(`Argument '${param}' must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** A JSON list argument (text or array); ValidationError naming `param` otherwise. */
export function listArg(value: unknown, param: string): unknown[] {
  const parsed = parseJsonValue(value);
  if (!Array.isArray(parsed)) throw new ValidationError(`Argument '${param}' must be a JSON list`);
  return parsed;
}

/** Flags share the list engine's one reader (Frappe's `sbool`/`cint`). */
export { flagArg } from '../../model/query/index.ts';

/** A field name (text, or a number as text); DataError otherwise, never converting an object. */
export function fieldnameArg(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return `${value}`;
  throw new DataError(`Field not permitted in query: ${shown(value)}`);
}
