import { DataError } from '../../errors/index.ts';
import { type RqJobRow, rqJobFields } from './rq-job-row.ts';

/** One condition on an RQ Job field. */
export interface RqJobCondition {
  field: (typeof rqJobFields)[number];
  operator: string;
  value: unknown;
}

const operators = new Set(['=', '!=', '>', '<', '>=', '<=', 'in', 'not in', 'like', 'not like', 'is']);

/**
 * Frappe's filter forms for a list of RQ Jobs: `{field: value}`, `{field: [op, value]}`, `[[field, op, value]]`,
 * `[[doctype, field, op, value]]`, or a JSON string of one. Unknown fields or operators: `DataError` (417).
 */
export function parseRqJobFilters(filters: unknown): RqJobCondition[] {
  let value = filters;
  if (typeof value === 'string') {
    if (!value.trim()) return [];
    try {
      value = JSON.parse(value);
    } catch {
      throw new DataError('Filters must be JSON');
    }
  }
  if (value === undefined || value === null) return [];
  const out: RqJobCondition[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!Array.isArray(item) || item.length < 3)
        throw new DataError('Each filter needs a field, an operator and a value');
      const [field, operator, operand] = item.length >= 4 ? item.slice(1, 4) : item;
      out.push(condition(field, operator, operand));
    }
  } else if (typeof value === 'object') {
    for (const [field, operand] of Object.entries(value as Record<string, unknown>)) {
      out.push(
        Array.isArray(operand) ? condition(field, operand[0], operand[1]) : condition(field, '=', operand),
      );
    }
  } else {
    throw new DataError('Filters must be a list or an object');
  }
  return out;
}

function condition(field: unknown, operator: unknown, value: unknown): RqJobCondition {
  if (typeof field !== 'string' || !(rqJobFields as readonly string[]).includes(field)) {
    throw new DataError(`Field not permitted in query: ${String(field)}`);
  }
  const op = String(operator).toLowerCase();
  if (!operators.has(op)) throw new DataError(`Unsupported operator: ${String(operator)}`);
  return { field: field as RqJobCondition['field'], operator: op, value };
}

/** The values a condition allows for `field` when it is `=` or `in` (to ask the queue only for those). */
export function allowedValues(conditions: readonly RqJobCondition[], field: string): string[] | undefined {
  let allowed: string[] | undefined;
  for (const c of conditions) {
    if (c.field !== field) continue;
    const values = c.operator === '=' ? [String(c.value)] : c.operator === 'in' ? listOf(c.value) : undefined;
    if (!values) continue;
    allowed = allowed ? allowed.filter((v) => values.includes(v)) : values;
  }
  return allowed;
}

/** Whether a row meets every condition. */
export function matches(row: RqJobRow, conditions: readonly RqJobCondition[]): boolean {
  return conditions.every((c) => test(row[c.field], c.operator, c.value));
}

function test(actual: unknown, operator: string, expected: unknown): boolean {
  const a = actual === null || actual === undefined ? '' : actual;
  switch (operator) {
    case '=':
      return String(a) === String(expected ?? '');
    case '!=':
      return String(a) !== String(expected ?? '');
    case 'in':
      return listOf(expected).includes(String(a));
    case 'not in':
      return !listOf(expected).includes(String(a));
    case 'like':
      return likePattern(expected).test(String(a));
    case 'not like':
      return !likePattern(expected).test(String(a));
    case 'is':
      return String(expected).toLowerCase() === 'set' ? a !== '' : a === '';
    default:
      return compare(a, expected, operator);
  }
}

function compare(a: unknown, b: unknown, operator: string): boolean {
  const numeric = typeof a === 'number' && !Number.isNaN(Number(b));
  const [x, y] = numeric ? [a as number, Number(b)] : [String(a), String(b ?? '')];
  if (operator === '>') return x > y;
  if (operator === '<') return x < y;
  if (operator === '>=') return x >= y;
  return x <= y;
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function likePattern(value: unknown): RegExp {
  const escaped = String(value ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('%', '.*').replaceAll('_', '.')}$`, 'is');
}
