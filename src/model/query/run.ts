// Running list and count queries on a database handle, with the rows shaped as Frappe returns them.
import type { Queryable } from '../../db/database.ts';
import { compileCountQuery, compileListQuery } from './compile.ts';
import { shapeRows } from './shape-rows.ts';
import type { CountQueryResult, ListQueryInput, ListQueryResult, QueryDeps } from './types.ts';

/**
 * Runs a list request; `debug` in the input adds the SQL, params and timing.
 *
 * @example
 * const { data } = await runListQuery(db, { doctype: 'ToDo', fields: ['name', 'status'], limit: 5 }, deps);
 */
export async function runListQuery(
  db: Queryable,
  input: ListQueryInput,
  deps: QueryDeps,
): Promise<ListQueryResult> {
  const query = await compileListQuery(input, deps);
  if (query.empty) return { data: [] };
  const started = performance.now();
  const rows = await db.all(query.sql, query.params);
  const ms = performance.now() - started;
  const data = shapeRows(rows, query.columns, query.keys, query.asDict);
  return query.debug ? { data, debug: { sql: query.sql, params: query.params, ms } } : { data };
}

/**
 * Runs a count request.
 *
 * @example const { count } = await runCountQuery(db, { doctype: 'ToDo', filters: { status: 'Open' } }, deps);
 */
export async function runCountQuery(
  db: Queryable,
  input: ListQueryInput,
  deps: QueryDeps,
): Promise<CountQueryResult> {
  const query = await compileCountQuery(input, deps);
  const started = performance.now();
  const row = await db.one(query.sql, query.params);
  const ms = performance.now() - started;
  const count = Number(row?.c0 ?? 0);
  return query.debug ? { count, debug: { sql: query.sql, params: query.params, ms } } : { count };
}
