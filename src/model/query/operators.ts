// The filter operators a list request may use (docs/wire.md §6), matched case-insensitively.
import { DataError, shown } from './errors.ts';

/** Every operator the engine accepts, lower-cased. */
export const operators = [
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'like',
  'not like',
  'in',
  'not in',
  'is',
  'between',
  'timespan',
  'previous',
  'next',
  'descendants of',
  'descendants of (inclusive)',
  'not descendants of',
  'ancestors of',
  'not ancestors of',
] as const;

/** One accepted operator. */
export type Operator = (typeof operators)[number];

const known: ReadonlySet<string> = new Set(operators);

/**
 * The operator in its canonical form; a missing operator is `=` (as Frappe's `get_filter`), anything
 * unknown a DataError naming the accepted ones.
 *
 * @example normaliseOperator('NOT LIKE') // 'not like'
 */
export function normaliseOperator(raw: unknown): Operator {
  if (raw === undefined || raw === null || raw === '') return '=';
  const op = typeof raw === 'string' ? raw.trim().toLowerCase().replace(/\s+/g, ' ') : '';
  if (!known.has(op))
    throw new DataError(`Operator must be one of ${operators.join(', ')} (got ${shown(raw, 40)})`);
  return op as Operator;
}
