// `fields` entries: columns in any reference form, `*`, the aggregates count/sum/avg/min/max, each with
// an optional `as alias`. Anything else (other functions, sub-queries, comments, several expressions in
// one entry) is a DataError before any SQL exists.
import { parseColumnRef } from './column-ref.ts';
import { clip, DataError, fieldNotPermitted } from './errors.ts';
import { queryLimits } from './limits.ts';
import type { QueryTables } from './query-tables.ts';

/** One selected expression: its SQL and the key its value gets in a result row. */
export interface SelectItem {
  sql: string;
  key: string;
  /** The alias the request gave (order_by may refer to it). */
  alias?: string;
  aggregate: boolean;
  /** Whether the user may read what it selects (an aggregate: its column); the plan drops what they may not. */
  readable: boolean;
}

/** An aggregate's SQL, and whether the user may read the column it aggregates. */
export interface AggregateSql {
  sql: string;
  readable: boolean;
}

const aliasPattern =
  /^([\s\S]+?)\s+as\s+(`[^`]{1,64}`|"[^"]{1,64}"|'[^']{1,64}'|[A-Za-z_][A-Za-z0-9_]{0,63})$/i;
const aggregatePattern = /^(count|sum|avg|min|max)\s*\(\s*(distinct\s+)?([^()]*?)\s*\)$/i;
const functionPattern = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/;

/**
 * Resolves one `fields` entry into the expressions it selects (`*` gives every column).
 *
 * @example await selectItems('count(name) as total', tables) // [{ sql: 'COUNT("tabToDo"."name")', key: 'total', ... }]
 */
export async function selectItems(entry: string, tables: QueryTables): Promise<SelectItem[]> {
  if (entry.length > queryLimits.textChars) throw fieldNotPermitted(entry);
  const text = entry.trim();
  const aliased = aliasPattern.exec(text);
  const expression = aliased ? aliased[1]!.trim() : text;
  const alias = aliased ? unquote(aliased[2]!) : undefined;

  // `*` is every column the user may read (Frappe's permitted fields), never a placeholder for the others.
  if (!aliased && isStar(expression, tables.main.doctype))
    return tables.main.columnOrder
      .filter((name) => tables.canRead(tables.main, name))
      .map((name) => ({ sql: tables.mainColumn(name), key: name, aggregate: false, readable: true }));

  const aggregate = await aggregateSql(expression, entry, tables);
  if (aggregate)
    return [
      { sql: aggregate.sql, key: alias ?? expression, alias, aggregate: true, readable: aggregate.readable },
    ];

  const ref = parseColumnRef(expression);
  if (!ref) throw refused(expression, entry);
  const column = await tables.resolve(ref, entry, true);
  return [{ sql: column.sql, key: alias ?? column.key, alias, aggregate: false, readable: column.readable }];
}

/**
 * The SQL of an allowed aggregate (`count(*)`, `count([distinct] f)`, `sum/avg/min/max([distinct] f)`),
 * or undefined when `expression` is not an aggregate call.
 */
export async function aggregateSql(
  expression: string,
  raw: string,
  tables: QueryTables,
): Promise<AggregateSql | undefined> {
  const match = aggregatePattern.exec(expression);
  if (!match) return undefined;
  const fn = match[1]!.toUpperCase();
  const distinct = match[2] ? 'DISTINCT ' : '';
  const argument = match[3]!;
  if (argument === '*') {
    if (fn !== 'COUNT' || distinct) throw fieldNotPermitted(raw);
    return { sql: 'COUNT(*)', readable: true };
  }
  const ref = parseColumnRef(argument);
  if (!ref) throw refused(argument, raw);
  const column = await tables.resolve(ref, raw, true);
  // Postgres cannot sum text; refuse everywhere so a request means the same on every database.
  if ((fn === 'SUM' || fn === 'AVG') && column.column.kind !== 'number')
    throw new DataError(`${fn.toLowerCase()}() needs a numeric field, not ${column.key}`);
  return { sql: `${fn}(${distinct}${column.sql})`, readable: column.readable };
}

function isStar(expression: string, doctype: string): boolean {
  return (
    expression === '*' ||
    expression === `tab${doctype}.*` ||
    expression === `\`tab${doctype}\`.*` ||
    expression === `"tab${doctype}".*`
  );
}

// A function call other than an allowed aggregate, or a sub-query, gets Frappe's message; other junk is
// simply not a permitted field.
function refused(expression: string, raw: string): DataError {
  const fn = functionPattern.exec(expression.trim());
  if (fn) return new DataError(`Use of function ${clip(fn[1]!, 40)} in field is restricted`);
  if (expression.includes('(')) return new DataError('Use of sub-query or function is restricted');
  return fieldNotPermitted(raw);
}

function unquote(alias: string): string {
  const first = alias[0];
  return first === '`' || first === '"' || first === "'" ? alias.slice(1, -1) : alias;
}
