// Building the SQL of a list or count query (only on a cache miss): joins, select list, WHERE from the
// bound conditions' variants, GROUP BY, ORDER BY and LIMIT, with a parameter slot for every `?` so a
// cached plan is rebound by walking its slots. `planKey` derives the plan cache's key from the same input.
import type { SqlDialect } from '../../db/database.ts';
import { type Bound, conditionSql } from './condition.ts';
import { clip, DataError } from './errors.ts';
import type { ListArgs } from './list-args.ts';
import type { Operator } from './operators.ts';
import { QueryTables, type TableDeps } from './query-tables.ts';
import { scopeShape, scopeSql } from './scope-sql.ts';
import { type SelectItem, selectItems } from './select-items.ts';
import { resultColumns } from './shape-rows.ts';
import { groupTerms, type OrderTerm, orderTerms } from './sort-terms.ts';
import type { ColumnInfo, TableInfo } from './table-info.ts';
import { treeConditionSql } from './tree-condition.ts';
import type { ReadableLevels, ReadScope } from './types.ts';

/** A filter condition resolved against meta and bound to its values. */
export interface BoundCondition extends Bound {
  table: TableInfo;
  column: ColumnInfo;
  operator: Operator;
  /** For the nested-set operators: the tree whose nodes the column is matched against. */
  tree?: TableInfo;
}

/** Where one `?` of a plan takes its value from (a `scope` slot stands for all of its scope's `?`s). */
export type Slot =
  | { kind: 'const'; value: string }
  /** The values of a read scope's condition, by the DocType the scope belongs to. */
  | { kind: 'scope'; doctype: string }
  | { kind: 'condition'; index: number }
  | { kind: 'offset' };

/** A table the plan resolved from fields or sort terms, to re-check on a cache hit. */
export interface PlanDependency {
  doctype: string;
  fingerprint: string;
  /** For Link targets: the shape of the read scope the join was compiled with. */
  scope?: string;
  /** For Link targets: the readable permlevels the join was compiled with (`levelsKey`). */
  readable?: string;
}

/** Compiled SQL with its parameter slots and result keys. */
export interface CompiledPlan {
  /** The SQL, without the `LIMIT <n> OFFSET ?` a paged plan's statement ends with (see `planSql`). */
  sql: string;
  /** Whether the statement pages: its last slot is the offset, and the page length is written into the SQL. */
  paged: boolean;
  slots: Slot[];
  /** Whether field-level permissions left nothing to select: the answer is no rows, as Frappe's. */
  empty: boolean;
  keys: string[];
  /** What the SQL selects the keys as: `keys` itself, or positional aliases (`resultColumns`). */
  columns: readonly string[];
  dependencies: PlanDependency[];
}

/** A freshly built plan and the read scopes of the Link targets it joined. */
export interface BuiltPlan {
  plan: CompiledPlan;
  linkScopes: Map<string, ReadScope>;
}

/** Everything a plan is built from. */
export interface PlanInput {
  mode: 'list' | 'count';
  args: ListArgs;
  main: TableInfo;
  /** For child DocTypes: the parent DocType whose permission applies. */
  parent?: string;
  /** The read scope of the listed DocType (of the parent, for child DocTypes). */
  scope: ReadScope;
  /** The permlevels readable on the listed DocType (on the parent, for child DocTypes). */
  readable: ReadableLevels;
  /** AND conditions first, then OR conditions (the order of the `condition` slots). */
  conditions: BoundCondition[];
  orCount: number;
  deps: TableDeps;
  defaultOrder: string;
}

// How each part of a plan's input goes into its cache key: what changes the SQL goes in, values bound on every
// run stay out. Both maps are total over their types, so a new input (or list argument) cannot be left out of
// the key without the compiler noticing. Parts are joined with control characters, which no request term may
// hold (`list-args.ts` refuses them) and no meta name does: one level of nesting per separator.
const inputKey: { [K in keyof PlanInput]-?: (value: PlanInput[K]) => string } = {
  mode: (mode) => mode,
  args: (args) => argsKeys.map((k) => argsKey[k](args[k] as never)).join('\x1e'),
  main: (main) => main.fingerprint,
  parent: (parent) => parent ?? '',
  scope: scopeShape,
  readable: levelsKey,
  conditions: (conditions) => {
    let key = '';
    for (const c of conditions) {
      const col = c.column;
      key += `${c.table.table}\x1f${col.name}\x1f${col.kind}${+col.nullable}${+col.integer}\x1f${c.operator}\x1f${c.variant}\x1f${c.tree?.table ?? ''}\x1e`;
    }
    return key;
  },
  orCount: String,
  deps: (deps) => deps.dialect.type,
  defaultOrder: (order) => order,
};

const bound = () => '';
const argsKey: { [K in keyof ListArgs]-?: (value: ListArgs[K]) => string } = {
  doctype: bound, // in `main`
  fields: (fields) => fields.join('\x1f'),
  filters: bound, // in `conditions`, values bound
  orFilters: bound, // likewise
  orderBy: (order) => order ?? '',
  groupBy: (group) => group ?? '',
  start: bound, // the offset is bound
  pageLength: (length) => (length > 0 ? 'paged' : ''), // the length is written by `pagedSql`, per statement
  asDict: (asDict) => (asDict ? 'dict' : 'list'), // unreadable columns are dropped, or selected as NULL
  distinct: (distinct) => (distinct ? 'distinct' : ''),
  parent: bound, // in `parent`
  debug: bound,
};
const argsKeys = Object.keys(argsKey) as Array<keyof ListArgs>;
const inputKeys = Object.keys(inputKey) as Array<keyof PlanInput>;

/**
 * The plan cache's key: everything in `input` that changes the SQL (meta fingerprint, read scope shape,
 * readable permlevels, fields, condition shapes, sort, group, flags, dialect), in one canonical string. Link
 * targets and child tables found while building are checked on a hit through the plan's `dependencies`.
 *
 * @example planKey(input) // 'list\x1d\x1ename\x1e...\x1dm1\x1d\x1dall\x1dall\x1d...'
 */
export function planKey(input: PlanInput): string {
  let key = '';
  for (const k of inputKeys) key += `${inputKey[k](input[k] as never)}\x1d`;
  return key;
}

/** The readable permlevels as a short stable string: `all`, or the levels sorted (made once per level set). */
export function levelsKey(readable: ReadableLevels): string {
  if (readable === 'all') return 'all';
  let key = levelKeys.get(readable);
  if (key === undefined) {
    key = [...readable].sort((a, b) => a - b).join(',');
    levelKeys.set(readable, key);
  }
  return key;
}

// The permission layer hands out one set per rule set and role set, so its key is worked out once.
const levelKeys = new WeakMap<ReadonlySet<number>, string>();

/**
 * Builds the SQL of a query.
 *
 * @example const plan = await buildPlan(input); plan.sql // 'SELECT "tabToDo"."name" AS "c0" FROM ...'
 */
export async function buildPlan(input: PlanInput): Promise<BuiltPlan> {
  const { args, main } = input;
  const dialect = input.deps.dialect;
  const q = dialect.quote;
  const tables = new QueryTables(main, input.deps, input.readable);
  for (const condition of input.conditions)
    if (condition.table !== main) tables.children.set(condition.table.doctype, condition.table);
  const fromFilters = new Set(tables.children.keys());

  const requested: SelectItem[] = [];
  if (input.mode === 'list')
    for (const field of args.fields) requested.push(...(await selectItems(field, tables)));
  if (requested.length > 1000) throw new DataError('Too many fields');
  const items = readableItems(requested, args.asDict);
  const keys = input.mode === 'count' ? ['count'] : items.map((item) => item.key);
  const columns = input.mode === 'count' ? ['c0'] : resultColumns(keys);
  const groups = args.groupBy ? await groupTerms(args.groupBy, tables) : [];
  if (groups.length) checkGrouped(items, groups, `${q(main.table)}.`, tables.mainColumn('name'));
  const order =
    input.mode === 'list' && !args.distinct ? await orderBy(input, tables, items, groups, columns) : [];

  const slots: Slot[] = [];
  const mainName = tables.mainColumn('name');
  const select =
    input.mode === 'count'
      ? `COUNT(${args.distinct || tables.children.size ? `DISTINCT ${mainName}` : '*'}) AS ${q('c0')}`
      : items.map((item, i) => `${item.sql} AS ${q(columns[i]!)}`).join(', ');
  let sql = `SELECT ${args.distinct && input.mode === 'list' ? 'DISTINCT ' : ''}${select} FROM ${q(main.table)}`;
  for (const child of tables.children.values()) {
    const t = q(child.table);
    sql += ` LEFT JOIN ${t} ON (${t}.${q('parenttype')} = ? AND ${t}.${q('parent')} = ${mainName})`;
    slots.push({ kind: 'const', value: main.doctype });
  }
  for (const link of tables.links.values()) {
    const a = q(link.alias);
    sql += ` LEFT JOIN ${q(link.info.table)} ${a} ON (${a}.${q('name')} = ${tables.mainColumn(link.fieldname)}`;
    const limit = scopeSql(link.scope, a, q);
    if (limit) {
      sql += ` AND ${limit}`;
      slots.push({ kind: 'scope', doctype: link.info.doctype });
    }
    sql += ')';
  }

  const where: string[] = [];
  const andCount = input.conditions.length - input.orCount;
  const conditionSqlAt = (i: number) => {
    const c = input.conditions[i]!;
    const column = `${q(c.table.table)}.${q(c.column.name)}`;
    for (let p = 0; p < c.params.length; p++) slots.push({ kind: 'condition', index: i });
    if (c.tree) return treeConditionSql(c.operator, c.variant, column, c.tree.table, dialect);
    return conditionSql(c.operator, c.column, c.variant, column, dialect);
  };
  for (let i = 0; i < andCount; i++) where.push(conditionSqlAt(i));
  if (input.orCount) {
    const ors: string[] = [];
    for (let i = andCount; i < input.conditions.length; i++) ors.push(conditionSqlAt(i));
    where.push(`(${ors.join(' OR ')})`);
  }
  where.push(...readScopeSql(input, tables, slots));
  if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
  if (groups.length) sql += ` GROUP BY ${groups.join(', ')}`;
  if (order.length) sql += ` ORDER BY ${order.map((t) => orderSql(t, dialect)).join(', ')}`;
  const paged = input.mode === 'list' && args.pageLength > 0;
  if (paged) slots.push({ kind: 'offset' });

  const dependencies: PlanDependency[] = [];
  for (const [doctype, info] of tables.children)
    if (!fromFilters.has(doctype)) dependencies.push({ doctype, fingerprint: info.fingerprint });
  for (const link of tables.links.values())
    dependencies.push({
      doctype: link.info.doctype,
      fingerprint: link.info.fingerprint,
      scope: scopeShape(link.scope),
      readable: levelsKey(link.readable),
    });
  const linkScopes = new Map(
    [...tables.links.values()].map((link) => [link.info.doctype, link.scope as ReadScope]),
  );
  const empty = input.mode === 'list' && !items.length;
  return { plan: { sql, paged, slots, empty, keys, columns, dependencies }, linkScopes };
}

// Field-level read permissions on the select list, as Frappe applies them: a column (or an aggregate of one)
// the user may not read is left out of rows given as objects, and is NULL in rows given as lists so the other
// values keep their positions.
// A grouped query may select only its groups and aggregates (PostgreSQL's rule; MariaDB and SQLite would pick
// any row's value), plus the main table's columns when it is grouped by name. Refused alike on every database.
function checkGrouped(items: SelectItem[], groups: string[], mainPrefix: string, mainName: string): void {
  const byName = groups.includes(mainName);
  for (const item of items) {
    if (item.aggregate || item.sql === 'NULL' || groups.includes(item.sql)) continue;
    if (byName && item.sql.startsWith(mainPrefix)) continue;
    throw new DataError(
      `${clip(item.key, 80)} must be in group_by or inside an aggregate such as count() or max()`,
    );
  }
}

function readableItems(items: SelectItem[], asDict: boolean): SelectItem[] {
  if (items.every((item) => item.readable)) return items;
  if (asDict) return items.filter((item) => item.readable);
  return items.map((item) => (item.readable ? item : { ...item, sql: 'NULL', aggregate: false }));
}

// NULLs sort first ascending on MariaDB and SQLite; Postgres is told to do the same, only for nullable
// columns so `modified desc` keeps using its index.
function orderSql(term: OrderTerm, dialect: SqlDialect): string {
  const nulls =
    dialect.type === 'postgres' && term.nullable
      ? term.direction === 'ASC'
        ? ' NULLS FIRST'
        : ' NULLS LAST'
      : '';
  return `${term.sql} ${term.direction}${nulls}`;
}

// Child DocTypes list only rows of the given parent DocType; a limited read scope keeps the documents it
// allows (for child rows: rows of the parent documents it allows).
function readScopeSql(input: PlanInput, tables: QueryTables, slots: Slot[]): string[] {
  const q = input.deps.dialect.quote;
  const out: string[] = [];
  if (input.parent) {
    out.push(`${tables.mainColumn('parenttype')} = ?`);
    slots.push({ kind: 'const', value: input.parent });
  }
  const scoped = input.parent ?? input.main.doctype;
  const table = input.parent ? q(`tab${input.parent}`) : q(input.main.table);
  const limit = scopeSql(input.scope, table, q);
  if (limit) {
    out.push(
      input.parent
        ? `${tables.mainColumn('parent')} IN (SELECT ${table}.${q('name')} FROM ${table} WHERE ${limit})`
        : limit,
    );
    slots.push({ kind: 'scope', doctype: scoped });
  }
  return out;
}

async function orderBy(
  input: PlanInput,
  tables: QueryTables,
  items: SelectItem[],
  groups: string[],
  columns: readonly string[],
): Promise<OrderTerm[]> {
  const aggregates = items.some((item) => item.aggregate);
  const alias = (i: number) => input.deps.dialect.quote(columns[i]!);
  let terms: OrderTerm[];
  if (input.args.orderBy) terms = await orderTerms(input.args.orderBy, tables, items, alias);
  else if (aggregates && !groups.length) return [];
  else terms = await defaultOrder(input, tables, items, alias);
  // Grouped queries cannot sort by a column outside the groups on Postgres: sort by its MAX (as Frappe does).
  if (!groups.length && !aggregates) return terms;
  return terms.map((t) => (t.column && !groups.includes(t.sql) ? { ...t, sql: `MAX(${t.sql})` } : t));
}

// The DocType's sort field (or `modified desc`); a sort field the meta does not hold falls back.
async function defaultOrder(
  input: PlanInput,
  tables: QueryTables,
  items: SelectItem[],
  alias: (i: number) => string,
): Promise<OrderTerm[]> {
  try {
    return await orderTerms(input.defaultOrder, tables, items, alias);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return orderTerms('modified desc', tables, items, alias);
  }
}
