// `order_by` and `group_by`: comma lists of column references (any form `fields` accepts), aggregates
// and aliases defined in `fields`, each optionally followed by asc/desc. Anything else — sub-queries,
// functions, comments, statement separators — is a DataError.
import { parseColumnRef } from './column-ref.ts';
import { clip, DataError, fieldNotPermitted } from './errors.ts';
import { queryLimits } from './limits.ts';
import type { QueryTables, ResolvedColumn } from './query-tables.ts';
import { aggregateSql, type SelectItem } from './select-items.ts';

/** One resolved ORDER BY term. */
export interface OrderTerm {
  sql: string;
  direction: 'ASC' | 'DESC';
  /** A plain column (not an aggregate or alias): grouped queries sort it by MAX(). */
  column: boolean;
  /** The column can hold NULL (Postgres then sorts NULLs as MariaDB and SQLite do). */
  nullable: boolean;
}

const termPattern = /^([\s\S]+?)(?:\s+(asc|desc))?$/i;

/**
 * Resolves `order_by` against the query's tables and selected items; `selectAlias` maps a request
 * alias to the SQL name of its selected column.
 *
 * @example await orderTerms('`tabToDo`.`modified` desc, name', tables, items, alias)
 */
export async function orderTerms(
  raw: string,
  tables: QueryTables,
  items: readonly SelectItem[],
  selectAlias: (index: number) => string,
): Promise<OrderTerm[]> {
  const terms: OrderTerm[] = [];
  for (const part of splitTerms(raw, 'order_by')) {
    const match = termPattern.exec(part)!;
    const expression = match[1]!.trim();
    const direction = (match[2] ?? 'asc').toUpperCase() as 'ASC' | 'DESC';
    const aliased = items.findIndex((item) => item.alias !== undefined && item.alias === expression);
    if (aliased >= 0) {
      if (!items[aliased]!.readable) throw fieldNotPermitted(part);
      terms.push({ sql: selectAlias(aliased), direction, column: false, nullable: false });
      continue;
    }
    const aggregate = await aggregateSql(expression, part, tables);
    if (aggregate) {
      if (!aggregate.readable) throw fieldNotPermitted(part);
      terms.push({ sql: aggregate.sql, direction, column: false, nullable: false });
      continue;
    }
    const column = await resolveColumn(expression, part, tables, 'order_by');
    terms.push({ sql: column.sql, direction, column: true, nullable: column.column.nullable });
  }
  return terms;
}

/** Resolves `group_by`: column references only. */
export async function groupTerms(raw: string, tables: QueryTables): Promise<string[]> {
  const out: string[] = [];
  for (const part of splitTerms(raw, 'group_by'))
    out.push((await resolveColumn(part, part, tables, 'group_by')).sql);
  return out;
}

async function resolveColumn(
  expression: string,
  raw: string,
  tables: QueryTables,
  name: string,
): Promise<ResolvedColumn> {
  const ref = parseColumnRef(expression);
  if (!ref) {
    if (/\bselect\b/i.test(raw) || expression.includes('('))
      throw new DataError(`Cannot use sub-query or function in ${name}`);
    throw fieldNotPermitted(raw);
  }
  // Sorting or grouping by a column would tell its values without selecting it.
  const column = await tables.resolve(ref, raw, false);
  if (!column.readable) throw fieldNotPermitted(raw);
  return column;
}

function splitTerms(raw: string, name: string): string[] {
  if (raw.length > queryLimits.textChars) throw new DataError(`${name} is too long`);
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length > queryLimits.sortTerms) throw new DataError(`Too many terms in ${name}`);
  if (parts.some((p) => p === '')) throw new DataError(`Invalid ${name}: ${clip(raw)}`);
  return parts;
}
