// One filter condition: `bindCondition` runs on every request (coerces the value, picks the SQL variant
// and the parameters); `conditionSql` runs only when the compiled SQL is not cached, and depends only on
// the column, the operator and the variant, never on a value. Semantics follow Frappe's
// `prepare_filter_condition`: NULL columns compare as their fallback (`ifnull(col, fallback)`) except
// where that cannot change the answer.
import type { SqlDialect } from '../../db/database.ts';
import {
  coerce,
  fallbackSql,
  fallbacks,
  isDateOnly,
  type Scalar,
  scalar,
  toDate,
  toDatetime,
} from './coerce.ts';
import { dateRange, todayOf } from './date-ranges.ts';
import { DataError } from './errors.ts';
import { queryLimits } from './limits.ts';
import type { Operator } from './operators.ts';
import type { ColumnInfo } from './table-info.ts';

/** What a condition's value depends on: the clock for relative dates. */
export interface BindEnv {
  now: Date;
  firstDayOfWeek: number;
}

/** How a bound condition's SQL is written: `p` plain, `n` null-or-equal, `c` coalesced, plus flags. */
export interface Bound {
  variant: string;
  params: unknown[];
}

// Variant flag: a non-integer number compared with an integer column (Postgres needs the parameter cast).
const CAST = '#';

/**
 * Coerces a filter value for `column` and picks the SQL variant.
 *
 * @example bindCondition('=', 'Open', statusColumn, env) // { variant: 'p', params: ['Open'] }
 */
export function bindCondition(operator: Operator, raw: unknown, column: ColumnInfo, env: BindEnv): Bound {
  switch (operator) {
    case 'like':
    case 'not like':
      return bindLike(operator, raw, column);
    case 'in':
    case 'not in':
      return bindIn(operator, raw, column);
    case 'is':
      return bindIs(raw, column);
    case 'between':
      return bindBetween(raw, column, env);
    case 'timespan':
    case 'previous':
    case 'next': {
      if (column.kind !== 'date' && column.kind !== 'datetime')
        throw new DataError(`${operator} needs a Date or Datetime field, not ${column.name}`);
      return bindBetween(dateRange(operator, raw, env.now, env.firstDayOfWeek), column, env);
    }
    default:
      return bindCompare(operator, raw, column);
  }
}

function bindCompare(operator: Operator, raw: unknown, column: ColumnInfo): Bound {
  const value = coerce(column.kind, scalar(raw, column.name));
  const fallback = fallbacks[column.kind];
  // NULL is never greater than a date, so `>`/`>=` on dates need no coalescing (as Frappe).
  const nullable =
    column.nullable &&
    !((operator === '>' || operator === '>=') && (column.kind === 'date' || column.kind === 'datetime'));
  let mode = 'c';
  if (!nullable || (operator === '=' && value !== fallback) || (operator === '!=' && value === fallback))
    mode = 'p';
  else if (operator === '=') mode = 'n';
  return { variant: mode + castFlag(column, [value]), params: [value] };
}

function bindLike(operator: Operator, raw: unknown, column: ColumnInfo): Bound {
  const v = scalar(raw, column.name);
  const value = v === null ? '' : String(v);
  const coalesce = column.nullable && (operator === 'not like' || value === '');
  return { variant: coalesce ? 'c' : 'p', params: [value] };
}

function bindIn(operator: Operator, raw: unknown, column: ColumnInfo): Bound {
  let list: unknown[];
  if (Array.isArray(raw)) list = raw;
  else if (typeof raw === 'string') list = raw.split(',');
  else if (raw === undefined || raw === null) list = [];
  else list = [raw];
  if (list.length > queryLimits.inValues) throw new DataError(`Too many values for ${column.name}`);
  // Frappe compares an empty list as `in ('')`.
  if (list.length === 0) list = [''];
  const fallback = fallbacks[column.kind];
  const values = list.map((item) => {
    const v = scalar(item, column.name);
    return coerce(column.kind, typeof v === 'string' ? v.trim() : v);
  });
  const coalesce = column.nullable && (operator === 'not in' || values.some((v) => v === fallback));
  return { variant: `${coalesce ? 'c' : 'p'}${values.length}${castFlag(column, values)}`, params: values };
}

function bindIs(raw: unknown, column: ColumnInfo): Bound {
  const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (value !== 'set' && value !== 'not set')
    throw new DataError(`The value of "is" must be "set" or "not set" (field ${column.name})`);
  return { variant: value === 'set' ? 'set' : 'unset', params: [] };
}

function bindBetween(raw: unknown, column: ColumnInfo, env: BindEnv): Bound {
  const bounds = Array.isArray(raw) ? raw.map((v) => scalar(v, column.name)) : [];
  if (bounds.length > 2) throw new DataError(`between takes [from, to] (field ${column.name})`);
  let params: Array<string | number>;
  if (column.kind === 'date' || column.kind === 'datetime') {
    // Frappe's get_between_date_filter: a missing bound is today; on datetimes a date-only bound widens
    // to the whole day.
    const today = todayOf(env.now);
    const from: Scalar = bounds[0] || today;
    const to: Scalar = bounds[1] || today;
    params =
      column.kind === 'date'
        ? [toDate(from), toDate(to)]
        : [toDatetime(from), isDateOnly(to) ? toDatetime(to, true) : toDatetime(to)];
  } else {
    if (bounds.length !== 2 || bounds[0] === null || bounds[1] === null)
      throw new DataError(`between takes [from, to] (field ${column.name})`);
    params = bounds.map((v) => coerce(column.kind, v));
  }
  return { variant: `b${castFlag(column, params)}`, params };
}

function castFlag(column: ColumnInfo, values: unknown[]): string {
  return column.integer && values.some((v) => typeof v === 'number' && !Number.isInteger(v)) ? CAST : '';
}

/**
 * The SQL of a bound condition on `columnSql` (a quoted, qualified column from meta).
 *
 * @example conditionSql('!=', textColumn, 'c', '"tabToDo"."status"', dialect)
 * // `COALESCE("tabToDo"."status", '') != ?`
 */
export function conditionSql(
  operator: Operator,
  column: ColumnInfo,
  variant: string,
  columnSql: string,
  dialect: SqlDialect,
): string {
  const param = variant.endsWith(CAST) && dialect.type === 'postgres' ? 'CAST(? AS NUMERIC)' : '?';
  const fallback = fallbackSql[column.kind];
  const coalesced = `COALESCE(${columnSql}, ${fallback})`;
  switch (operator) {
    case 'like':
    case 'not like': {
      // Postgres has no LIKE on numbers or dates; SQLite has no default escape character.
      const text =
        column.kind === 'text' || dialect.type !== 'postgres' ? columnSql : `CAST(${columnSql} AS TEXT)`;
      const subject = variant === 'c' ? `COALESCE(${text}, '')` : text;
      const escapeClause = dialect.type === 'sqlite' ? ` ESCAPE '\\'` : '';
      return `${subject} ${operator === 'like' ? '' : 'NOT '}${dialect.likeOperator} ?${escapeClause}`;
    }
    case 'in':
    case 'not in': {
      const count = Number.parseInt(variant.slice(1), 10);
      const list = Array.from({ length: count }, () => param).join(', ');
      return `${variant.startsWith('c') ? coalesced : columnSql} ${operator === 'in' ? 'IN' : 'NOT IN'} (${list})`;
    }
    case 'is':
      return isSql(column, variant === 'set', columnSql);
    case 'between':
    case 'timespan':
    case 'previous':
    case 'next':
      return `${columnSql} BETWEEN ${param} AND ${param}`;
    default:
      if (variant.startsWith('n')) return `(${columnSql} IS NULL OR ${columnSql} = ${param})`;
      return `${variant.startsWith('c') ? coalesced : columnSql} ${operator} ${param}`;
  }
}

function isSql(column: ColumnInfo, set: boolean, columnSql: string): string {
  if (column.kind !== 'text' && column.kind !== 'number')
    return `${columnSql} ${set ? 'IS NOT NULL' : 'IS NULL'}`;
  const empty = fallbackSql[column.kind];
  if (set) return `${columnSql} != ${empty}`;
  return column.nullable ? `(${columnSql} IS NULL OR ${columnSql} = ${empty})` : `${columnSql} = ${empty}`;
}
