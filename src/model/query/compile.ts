// Compiling a list or count request: arguments, meta and permissions are checked and every filter is
// bound on each call; the SQL itself comes from the plan cache when a request with the same plan input was
// compiled before (`planKey`: values are never part of the key), and is built otherwise.
import type { DocTypeMeta } from '../../db/meta.ts';
import { bindCondition } from './condition.ts';
import { DataError, fieldNotPermitted, QueryPermissionError, UnknownDocTypeError } from './errors.ts';
import type { FilterSpec } from './filters.ts';
import { type ListArgs, listArgs } from './list-args.ts';
import {
  type BoundCondition,
  buildPlan,
  type CompiledPlan,
  levelsKey,
  type PlanInput,
  planKey,
} from './plan.ts';
import { sharedQueryCache } from './query-cache.ts';
import { childReadable, columnReadable, loadTable } from './query-tables.ts';
import { scopeParams, scopeShape } from './scope-sql.ts';
import { type TableInfo, tableInfo } from './table-info.ts';
import { bindTreeCondition, isTreeOperator, treeOf } from './tree-condition.ts';
import type {
  CompiledListQuery,
  CompiledQuery,
  ListQueryInput,
  QueryDeps,
  ReadableLevels,
  ReadScope,
} from './types.ts';

/**
 * Compiles a list request (`frappe.client.get_list`, `GET /api/resource/<DocType>`) to SQL and params.
 *
 * @example
 * const { sql, params } = await compileListQuery(
 *   { doctype: 'ToDo', fields: '["name","status"]', filters: { status: 'Open' } }, deps);
 */
export async function compileListQuery(input: ListQueryInput, deps: QueryDeps): Promise<CompiledListQuery> {
  const args = listArgs(input);
  const { plan, params } = await compile(args, deps, 'list');
  const sql = plan.paged ? pagedSql(plan, args.pageLength) : plan.sql;
  return {
    sql,
    params,
    empty: plan.empty,
    keys: plan.keys,
    columns: plan.columns,
    asDict: args.asDict,
    debug: args.debug,
  };
}

/**
 * Compiles a count request (`frappe.client.get_count`, v2 `/doctype/<DocType>/count`): the same filters,
 * permissions and joins as a list, counting distinct documents when a child table is joined.
 *
 * @example const { sql } = await compileCountQuery({ doctype: 'ToDo', filters: [['status', '=', 'Open']] }, deps);
 */
export async function compileCountQuery(
  input: ListQueryInput,
  deps: QueryDeps,
): Promise<CompiledQuery & { debug: boolean }> {
  const full = listArgs(input);
  const args: ListArgs = {
    ...full,
    fields: [],
    orderBy: undefined,
    groupBy: undefined,
    pageLength: 0,
    start: 0,
  };
  const { plan, params } = await compile(args, deps, 'count');
  return { sql: plan.sql, params, debug: full.debug };
}

async function compile(
  args: ListArgs,
  deps: QueryDeps,
  mode: 'list' | 'count',
): Promise<{ plan: CompiledPlan; params: unknown[] }> {
  const meta = await deps.getMeta(args.doctype);
  if (!meta) throw new UnknownDocTypeError(args.doctype);
  if (meta.issingle || meta.is_virtual) throw new DataError(`${args.doctype} has no table to list`);
  const main = tableInfo(meta);
  const parentInfo = main.istable ? await checkParent(main, args.parent, deps) : undefined;
  const parent = parentInfo?.doctype;
  const scopeDoctype = parent ?? main.doctype;
  const scope = await deps.readScope(scopeDoctype);
  if (scope.kind === 'none') throw new QueryPermissionError(`No permission to read ${scopeDoctype}`);

  const readable = await deps.readableLevels(scopeDoctype);
  // Child rows are read through a Table field of the parent: none the user may read, no rows to list.
  if (parentInfo && !childReadable(parentInfo, readable, main.doctype))
    throw new QueryPermissionError(`No permission to read ${main.doctype}`);

  const conditions = await bindConditions(args, main, readable, deps);
  const input: PlanInput = {
    mode,
    args,
    main,
    parent,
    scope,
    readable,
    conditions,
    orCount: args.orFilters.length,
    deps,
    defaultOrder: defaultOrder(meta),
  };
  const key = planKey(input);
  const cache = deps.cache === false ? undefined : (deps.cache ?? sharedQueryCache);
  const scopes = new Map<string, ReadScope>([[scopeDoctype, scope]]);
  let plan = cache?.get(key);
  if (plan && !(await stillValid(plan, deps, scopes))) plan = undefined;
  if (!plan) {
    const built = await buildPlan(input);
    plan = built.plan;
    for (const [doctype, linkScope] of built.linkScopes) scopes.set(doctype, linkScope);
    cache?.set(key, plan);
  }
  return { plan, params: bindSlots(plan, conditions, scopes, args) };
}

// Frappe's check_parent_permission: a child DocType is listed only through a parent that holds it.
async function checkParent(main: TableInfo, parent: string | undefined, deps: QueryDeps): Promise<TableInfo> {
  if (!parent) throw new QueryPermissionError('Parent is required to get child table data');
  const info = await loadTable(deps.getMeta, parent);
  if (!info?.childDoctypes.has(main.doctype))
    throw new QueryPermissionError(`${parent} is not a parent of ${main.doctype}`);
  return info;
}

// Filters on a column the user may not read are refused: a condition would tell its values without selecting it.
async function bindConditions(
  args: ListArgs,
  main: TableInfo,
  readable: ReadableLevels,
  deps: QueryDeps,
): Promise<BoundCondition[]> {
  const specs = [...args.filters, ...args.orFilters];
  if (!specs.length) return [];
  const env = { now: deps.now?.() ?? new Date(), firstDayOfWeek: deps.firstDayOfWeek ?? 0 };
  const out: BoundCondition[] = [];
  for (const spec of specs) {
    const table = await filterTable(spec, main, deps);
    if (!filterReadable(spec.field, table, main, readable))
      throw fieldNotPermitted(spec.doctype ? `${spec.doctype}.${spec.field}` : spec.field);
    const column = table.columns.get(spec.field)!;
    if (isTreeOperator(spec.operator)) {
      const tree = await treeOf(table, column, spec.operator, deps.getMeta);
      out.push({
        table,
        column,
        operator: spec.operator,
        tree,
        ...bindTreeCondition(spec.operator, spec.value, column),
      });
      continue;
    }
    out.push({
      table,
      column,
      operator: spec.operator,
      ...bindCondition(spec.operator, spec.value, column, env),
    });
  }
  return out;
}

// The table a filter's field lives in: the listed DocType, the child DocType the filter names, or (as
// Frappe's get_filter) the first child table that has the field.
async function filterTable(spec: FilterSpec, main: TableInfo, deps: QueryDeps): Promise<TableInfo> {
  if (spec.doctype !== undefined && spec.doctype !== main.doctype) {
    const child = main.childDoctypes.has(spec.doctype)
      ? await loadTable(deps.getMeta, spec.doctype)
      : undefined;
    if (child?.columns.has(spec.field)) return child;
    throw fieldNotPermitted(`${spec.doctype}.${spec.field}`);
  }
  if (main.columns.has(spec.field)) return main;
  if (spec.doctype === undefined)
    for (const doctype of main.childDoctypes) {
      const child = await loadTable(deps.getMeta, doctype);
      if (child?.columns.has(spec.field)) return child;
    }
  throw fieldNotPermitted(spec.field);
}

// A filter's column is readable by the listed DocType's levels; a child table's only through a Table field the
// user may read.
function filterReadable(field: string, table: TableInfo, main: TableInfo, readable: ReadableLevels): boolean {
  return (
    columnReadable(readable, table, field) && (table === main || childReadable(main, readable, table.doctype))
  );
}

// A cached plan joined tables found through fields and sort terms: their meta must not have changed, and
// the user's scope on Link targets must be what the SQL was written for.
async function stillValid(
  plan: CompiledPlan,
  deps: QueryDeps,
  scopes: Map<string, ReadScope>,
): Promise<boolean> {
  for (const dependency of plan.dependencies) {
    const info = await loadTable(deps.getMeta, dependency.doctype);
    if (info?.fingerprint !== dependency.fingerprint) return false;
    if (dependency.scope) {
      const scope = await deps.readScope(dependency.doctype);
      if (scope.kind === 'none')
        throw new QueryPermissionError(`No permission to read ${dependency.doctype}`);
      if (scopeShape(scope) !== dependency.scope) return false;
      if (levelsKey(await deps.readableLevels(dependency.doctype)) !== dependency.readable) return false;
      scopes.set(dependency.doctype, scope);
    }
  }
  return true;
}

function bindSlots(
  plan: CompiledPlan,
  conditions: BoundCondition[],
  scopes: Map<string, ReadScope>,
  args: ListArgs,
): unknown[] {
  const params: unknown[] = [];
  const cursors = new Array<number>(conditions.length).fill(0);
  for (const slot of plan.slots) {
    switch (slot.kind) {
      case 'const':
        params.push(slot.value);
        break;
      case 'scope': {
        const scope = scopes.get(slot.doctype);
        if (scope) params.push(...scopeParams(scope, slot.doctype));
        break;
      }
      case 'condition': {
        const i = slot.index;
        params.push(conditions[i]!.params[cursors[i]!++]);
        break;
      }
      case 'offset':
        params.push(args.start);
        break;
    }
  }
  return params;
}

// The page length is written into the SQL, the offset stays bound: SQLite's planner reads a bound LIMIT, so it
// re-prepares such a statement on every run (a parse and plan per list request). The statements of the page
// lengths a plan served are kept with it; a client's few page sizes repeat, and any other is built on the spot.
const pageStatements = new WeakMap<CompiledPlan, Map<number, string>>();
const pageStatementsPerPlan = 8;

function pagedSql(plan: CompiledPlan, pageLength: number): string {
  let statements = pageStatements.get(plan);
  if (!statements) {
    statements = new Map();
    pageStatements.set(plan, statements);
  }
  let sql = statements.get(pageLength);
  if (sql === undefined) {
    sql = `${plan.sql} LIMIT ${pageLength} OFFSET ?`;
    if (statements.size < pageStatementsPerPlan) statements.set(pageLength, sql);
  }
  return sql;
}

// Frappe's default order: the DocType's sort field and order, else `modified desc`.
function defaultOrder(meta: DocTypeMeta): string {
  const field = typeof meta.sort_field === 'string' ? meta.sort_field.trim() : '';
  if (!field) return 'modified desc';
  return field.includes(',') ? field : `${field} ${meta.sort_order || 'desc'}`;
}
