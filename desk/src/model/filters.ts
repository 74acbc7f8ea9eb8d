// List filters as the API takes them (docs/wire.md §6): every operator, the value each one needs, and
// the `[field, op, value]` rows sent as `filters`.
import type { Filter } from '../api/resource.ts';
import { dateTypes, numericTypes } from './fieldtypes.ts';
import type { DocField } from './types.ts';

/** How an operator's value is entered. */
export type ValueKind = 'field' | 'text' | 'list' | 'set' | 'range' | 'timespan' | 'period' | 'none';

export interface Operator {
  op: string;
  label: string;
  kind: ValueKind;
}

export const operators: readonly Operator[] = [
  { op: '=', label: 'Equals', kind: 'field' },
  { op: '!=', label: 'Not equals', kind: 'field' },
  { op: 'like', label: 'Like', kind: 'text' },
  { op: 'not like', label: 'Not like', kind: 'text' },
  { op: 'in', label: 'In', kind: 'list' },
  { op: 'not in', label: 'Not in', kind: 'list' },
  { op: 'is', label: 'Is', kind: 'set' },
  { op: '>', label: '>', kind: 'field' },
  { op: '<', label: '<', kind: 'field' },
  { op: '>=', label: '>=', kind: 'field' },
  { op: '<=', label: '<=', kind: 'field' },
  { op: 'between', label: 'Between', kind: 'range' },
  { op: 'timespan', label: 'Timespan', kind: 'timespan' },
  { op: 'previous', label: 'Previous', kind: 'period' },
  { op: 'next', label: 'Next', kind: 'period' },
];

export const timespans: readonly string[] = [
  'yesterday',
  'today',
  'tomorrow',
  'last week',
  'last month',
  'last quarter',
  'last 6 months',
  'last year',
  'this week',
  'this month',
  'this quarter',
  'this year',
  'next week',
  'next month',
  'next quarter',
  'next 6 months',
  'next year',
];

export const periods: readonly string[] = ['1 week', '1 month', '3 months', '6 months', '1 year'];

/** The operators that make sense for a field type (dates get ranges and timespans, text gets like). */
export function operatorsFor(field: DocField | undefined): Operator[] {
  const type = field?.fieldtype ?? 'Data';
  const isDate = dateTypes.has(type) && type !== 'Time';
  const isNumber = numericTypes.has(type);
  return operators.filter((o) => {
    if (o.kind === 'timespan' || o.kind === 'period') return isDate;
    if (o.kind === 'range') return isDate || isNumber;
    if (o.op === '>' || o.op === '<' || o.op === '>=' || o.op === '<=')
      return isDate || isNumber || type === 'Time';
    if (o.kind === 'text') return !isNumber && type !== 'Check';
    return true;
  });
}

export function operatorOf(op: string): Operator {
  return operators.find((o) => o.op === op) ?? operators[0]!;
}

/** The value to send for what the user typed: lists split on commas, like-patterns wrapped in `%`. */
export function filterValue(op: string, raw: unknown): unknown {
  const kind = operatorOf(op).kind;
  if (kind === 'list') {
    const items = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
    return items.map((v) => String(v).trim()).filter(Boolean);
  }
  if (kind === 'text') {
    const text = String(raw ?? '');
    return text.includes('%') ? text : `%${text}%`;
  }
  return raw;
}

/** A short description of a filter for its chip: `Status = Open`. */
export function describeFilter(filter: Filter, label: (fieldname: string) => string): string {
  const [field, op, value] = filter;
  const shown = Array.isArray(value) ? value.join(', ') : String(value ?? '');
  return `${label(field)} ${operatorOf(op).label.toLowerCase()} ${shown}`.trim();
}
