import { FrappeTypeError } from '../errors/index.ts';

/**
 * Types a whitelisted method may declare for a parameter. Form and query values arrive as strings,
 * so numbers, booleans and JSON structures are also accepted in their string form (as Frappe's
 * lax type validation does); anything else is a 417 FrappeTypeError.
 */
export type ParamType = 'string' | 'int' | 'float' | 'boolean' | 'object' | 'array' | 'json' | 'any';

/** The TypeScript type a declared parameter type produces. */
export interface ParamTypeMap {
  string: string;
  int: number;
  float: number;
  boolean: boolean;
  object: Record<string, unknown>;
  array: unknown[];
  json: unknown;
  any: unknown;
}

const nope = Symbol('nope');

/** Converts `value` to one of `types` (the first that fits) or throws FrappeTypeError naming `param`. */
export function coerceParam(param: string, types: readonly ParamType[], value: unknown): unknown {
  for (const type of types) {
    const converted = convert(type, value);
    if (converted !== nope) return converted;
  }
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw new FrappeTypeError(
    `Argument '${param}' should be of type '${types.join(' | ')}' but got '${got}' instead.`,
  );
}

function convert(type: ParamType, value: unknown): unknown {
  switch (type) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'string' ? value : nope;
    case 'int':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : nope;
      if (typeof value === 'string' && /^\s*[-+]?\d{1,15}\s*$/.test(value)) return Number.parseInt(value, 10);
      return nope;
    case 'float':
      if (typeof value === 'number') return Number.isFinite(value) ? value : nope;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
      return nope;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      if (typeof value === 'string') return booleanString(value.trim().toLowerCase());
      return nope;
    case 'object': {
      const parsed = typeof value === 'string' ? parseJson(value) : value;
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : nope;
    }
    case 'array': {
      const parsed = typeof value === 'string' ? parseJson(value) : value;
      return Array.isArray(parsed) ? parsed : nope;
    }
    case 'json': {
      // A string that is not JSON stays a string: `json` accepts any value.
      const parsed = typeof value === 'string' ? parseJson(value) : value;
      return parsed === nope ? value : parsed;
    }
  }
}

function booleanString(value: string): boolean | typeof nope {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return nope;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return nope;
  }
}
