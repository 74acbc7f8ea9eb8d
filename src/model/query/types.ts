// The query engine's inputs and outputs, kept plain so callers need none of the document engine's classes.
import type { SqlDialect } from '../../db/database.ts';
import type { DocTypeMeta } from '../../db/meta.ts';
import type { QueryCache } from './query-cache.ts';

/** Documents shared with a user through DocShare rows granting `read` (and with everyone, unless Guest). */
export interface SharedWith {
  user: string;
  everyone: boolean;
}

/** A Link field (or `name`) limited by User Permissions to `values`; an empty value passes. */
export interface LinkLimit {
  fieldname: string;
  values: readonly string[];
}

/**
 * What the user may read of a DocType: everything; nothing; their own documents; documents whose Link fields
 * hold values their User Permissions allow; only documents shared with them. Owner and Link limits are
 * widened by the documents shared with the user (`shared`), as Frappe ORs its share condition.
 */
export type ReadScope = (
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'owner'; user: string; shared?: SharedWith | undefined }
  | { kind: 'restricted'; links: readonly LinkLimit[]; shared?: SharedWith | undefined }
  | { kind: 'shared'; shared: SharedWith }
) & { condition?: ScopeCondition | undefined };

/**
 * App SQL limiting a DocType's documents (`permission_query_conditions`), ANDed into its read scope. It names
 * the DocType's table (`table`, e.g. `tabToDo`) as Frappe's hooks do, and binds no values.
 */
export interface ScopeCondition {
  sql: string;
  table: string;
}

/**
 * The permlevels whose fields a user may read on a DocType (`all` for Administrator); a child DocType's fields
 * are read with its parent's. Fields at level 0 are always readable to whoever may read the DocType.
 */
export type ReadableLevels = 'all' | ReadonlySet<number>;

/**
 * A list request as the API receives it (`frappe.client.get_list`, `GET /api/resource/<DocType>`, v2
 * `/document/<DocType>`): values may be raw strings from a query string or parsed JSON from a body.
 */
export interface ListQueryInput {
  doctype: string;
  /** JSON list, `"*"`, a comma-separated string or an array; default `["name"]`. */
  fields?: unknown;
  filters?: unknown;
  or_filters?: unknown;
  /** `"field asc"`, comma lists, `tabX.field`; default the DocType's sort field or `modified desc`. */
  order_by?: unknown;
  group_by?: unknown;
  limit_start?: unknown;
  /** v2's name for `limit_start`. */
  start?: unknown;
  /** Default 20; 0 means no limit. Wins over `limit` and `page_length`. */
  limit_page_length?: unknown;
  limit?: unknown;
  page_length?: unknown;
  /** Default true; false gives arrays of values in field order. */
  as_dict?: unknown;
  /** Required for child DocTypes: the parent DocType, whose permission then applies. */
  parent?: unknown;
  distinct?: unknown;
  /** Returns the SQL and parameters alongside the rows (for `_debug_messages`). */
  debug?: unknown;
}

/** What the engine needs from its caller: the dialect, meta, permissions and (for tests) a clock. */
export interface QueryDeps {
  dialect: SqlDialect;
  getMeta(doctype: string): Promise<DocTypeMeta | undefined>;
  /** The read scope of the current user on `doctype`. */
  readScope(doctype: string): ReadScope | Promise<ReadScope>;
  /**
   * The permlevels the current user may read on `doctype` (a non-child DocType: the listed one, the parent of
   * a listed child DocType, or a joined Link target). Columns above them are dropped from the select list and
   * refused in filters, sort and group-by.
   */
  readableLevels(doctype: string): ReadableLevels | Promise<ReadableLevels>;
  /** The clock for `timespan`, `previous`, `next` and open `between` bounds (default `new Date()`). */
  now?: () => Date;
  /** First day of the week for week timespans, 0 = Sunday (Frappe's default) .. 6 = Saturday. */
  firstDayOfWeek?: number;
  /** The compiled-SQL cache (default: one shared cache); `false` compiles every time. */
  cache?: QueryCache | false;
}

/** SQL with `?` placeholders and its bound parameters. */
export interface CompiledQuery {
  sql: string;
  params: unknown[];
}

/** A compiled list query plus what shaping its rows needs. */
export interface CompiledListQuery extends CompiledQuery {
  /** Field-level permissions left nothing to select: no rows, and `sql` is not to be run. */
  empty: boolean;
  /** The result key of each selected column, in order (aliases honoured). */
  keys: string[];
  /** What the SQL selects each key as (the same array as `keys` when it selects them by name). */
  columns: readonly string[];
  asDict: boolean;
  debug: boolean;
}

/** The SQL of a run, for `_debug_messages`. */
export interface QueryDebug {
  sql: string;
  params: unknown[];
  /** Execution time in milliseconds. */
  ms: number;
}

/** Rows of a list query: objects keyed as requested, or arrays in field order. */
export interface ListQueryResult {
  data: Record<string, unknown>[] | unknown[][];
  debug?: QueryDebug;
}

/** The number of documents a count request matches. */
export interface CountQueryResult {
  count: number;
  debug?: QueryDebug;
}
