// A list request's arguments normalised: fields as a list, filters parsed, paging resolved with
// Frappe's defaults and aliases, flags read the way query strings and JSON bodies both send them.
import { clip, DataError } from './errors.ts';
import { type FilterSpec, parseFilters } from './filters.ts';
import { flagArg } from './flag-arg.ts';
import { parseJsonArgument, queryLimits } from './limits.ts';
import type { ListQueryInput } from './types.ts';

/** The normalised arguments of one list or count request. */
export interface ListArgs {
  doctype: string;
  fields: string[];
  filters: FilterSpec[];
  orFilters: FilterSpec[];
  orderBy?: string;
  groupBy?: string;
  start: number;
  /** 0 = no limit. */
  pageLength: number;
  asDict: boolean;
  distinct: boolean;
  parent?: string;
  debug: boolean;
}

/** Default page length of a list request (docs/wire.md §2). */
export const defaultPageLength = 20;

/**
 * Normalises a list request; throws DataError on malformed or oversized arguments.
 *
 * @example listArgs({ doctype: 'ToDo', fields: '["name","status"]', limit: '5' }).pageLength // 5
 */
export function listArgs(input: ListQueryInput): ListArgs {
  if (typeof input.doctype !== 'string' || input.doctype === '') throw new DataError('doctype is required');
  const filters = parseFilters(input.filters, 'filters');
  const orFilters = parseFilters(input.or_filters, 'or_filters');
  if (filters.length + orFilters.length > queryLimits.conditions) throw new DataError('Too many conditions');
  const pageLength = firstGiven(input.limit_page_length, input.limit, input.page_length);
  return {
    doctype: input.doctype,
    fields: fieldList(input.fields),
    filters,
    orFilters,
    orderBy: text(input.order_by, 'order_by'),
    groupBy: text(input.group_by, 'group_by'),
    start: count(firstGiven(input.limit_start, input.start), 0, 'limit_start'),
    pageLength: count(pageLength, defaultPageLength, 'limit_page_length'),
    asDict: flagArg(input.as_dict, true, 'as_dict'),
    distinct: flagArg(input.distinct, false, 'distinct'),
    parent: text(input.parent, 'parent'),
    debug: flagArg(input.debug, false, 'debug'),
  };
}

// `"*"`, a JSON list, or (as Frappe falls back to) a comma-separated string.
function fieldList(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return ['name'];
  let list: unknown = raw;
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (trimmed === '*') return ['*'];
    list = trimmed.startsWith('[') ? parseJsonArgument(trimmed, 'fields') : trimmed.split(',');
  }
  if (!Array.isArray(list)) throw new DataError('fields must be a list');
  if (list.length > queryLimits.fields) throw new DataError('Too many fields');
  const fields = list.filter((f) => f !== null && f !== '');
  for (const field of fields)
    if (typeof field !== 'string' || hasControlChars(field))
      throw new DataError(`Field not permitted in query: ${clip(JSON.stringify(field) ?? '')}`);
  return fields.length ? (fields as string[]).map((f) => f.trim()) : ['name'];
}

function firstGiven(...values: unknown[]): unknown {
  return values.find((v) => v !== undefined && v !== null && v !== '');
}

// Frappe's cint (anything unparsable is 0, so a garbage page length means no limit); negatives are refused.
function count(raw: unknown, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  if (raw !== null && typeof raw === 'object') throw new DataError(`${name} must be a number`);
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n)) return 0;
  const value = Math.trunc(n);
  if (value < 0) throw new DataError(`${name} cannot be negative`);
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}

// Control characters never belong in SQL terms (and the cache key uses some as separators).
function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}

function text(raw: unknown, name: string): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new DataError(`${name} must be a string`);
  if (hasControlChars(raw)) throw new DataError(`Invalid ${name}: ${clip(JSON.stringify(raw))}`);
  return raw.trim() || undefined;
}
