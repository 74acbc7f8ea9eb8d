// Filters in every form docs/wire.md §6 accepts, normalised to one shape: `[doctype, field, op, value]`,
// `[field, op, value]`, `{field: value}`, `{field: [op, value]}`, lists mixing these, or JSON text of any.
import { clip, DataError } from './errors.ts';
import { parseJsonArgument, queryLimits } from './limits.ts';
import { normaliseOperator, type Operator } from './operators.ts';

/** One filter condition as the request gave it (the field not yet checked against meta). */
export interface FilterSpec {
  /** The DocType the field belongs to when the request named one (a child table, or the listed DocType). */
  doctype?: string;
  field: string;
  operator: Operator;
  value: unknown;
}

/**
 * Normalises `filters` or `or_filters` to a list of conditions.
 *
 * @example parseFilters('{"status": ["!=", "Closed"], "owner": "a@b.c"}', 'filters')
 * // [{ field: 'status', operator: '!=', value: 'Closed' }, { field: 'owner', operator: '=', value: 'a@b.c' }]
 */
export function parseFilters(raw: unknown, name: string): FilterSpec[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const parsed = parseJsonArgument(raw, name);
  const out: FilterSpec[] = [];
  if (Array.isArray(parsed)) {
    if (isSingleTuple(parsed)) out.push(fromTuple(parsed, name));
    else
      for (const item of parsed) {
        if (Array.isArray(item)) out.push(fromTuple(item, name));
        else if (isPlainObject(item)) out.push(...fromObject(item));
        else throw new DataError(`Invalid ${name}: each condition must be a list or an object`);
      }
  } else if (isPlainObject(parsed)) out.push(...fromObject(parsed));
  else throw new DataError(`Invalid ${name}: expected a list or an object`);
  if (out.length > queryLimits.conditions) throw new DataError(`Too many conditions in ${name}`);
  return out;
}

// `["status", "=", "Open"]` given as the whole filter list rather than inside one.
function isSingleTuple(list: unknown[]): boolean {
  return (
    (list.length === 3 || list.length === 4) &&
    typeof list[0] === 'string' &&
    list.slice(0, -1).every((v) => typeof v === 'string' || v === null)
  );
}

function fromTuple(tuple: unknown[], name: string): FilterSpec {
  if (tuple.length < 3)
    throw new DataError(
      `Invalid ${name}: a condition is [doctype, field, operator, value] or [field, operator, value]`,
    );
  const at = tuple.length === 3 ? 0 : 1;
  const doctype = at ? tuple[0] : undefined;
  if (doctype !== undefined && doctype !== null && typeof doctype !== 'string')
    throw new DataError(`Invalid ${name}: the doctype of a condition must be a string`);
  const spec: FilterSpec = {
    field: fieldOf(tuple[at]),
    operator: normaliseOperator(tuple[at + 1]),
    value: tuple[at + 2],
  };
  if (doctype) spec.doctype = doctype;
  return spec;
}

function fromObject(object: Record<string, unknown>): FilterSpec[] {
  return Object.entries(object).map(([field, value]) =>
    Array.isArray(value)
      ? { field: fieldOf(field), operator: normaliseOperator(value[0]), value: value[1] }
      : { field: fieldOf(field), operator: '=' as const, value },
  );
}

function fieldOf(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new DataError('Invalid filter: missing fieldname');
  if (raw.length > 140) throw new DataError(`Field not permitted in query: ${clip(raw)}`);
  return raw.trim();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
