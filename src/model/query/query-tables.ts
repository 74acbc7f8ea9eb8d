// The tables one query reads: the listed DocType, child tables (joined on parent = name, as Frappe
// does) and Link targets (joined on name = link field, aliased per field). Every table and column comes
// from meta; a reference to anything else is a DataError. Each resolved column says whether the user may
// read it (field-level permissions): the listed DocType's and its child tables' columns by the levels
// readable on the listed DocType (or its parent), a Link target's by the levels readable on the target, and
// nothing is readable through a Link or Table field the user may not read.
import { canReadLevel } from '../permissions/permlevels.ts';
import type { ColumnRef } from './column-ref.ts';
import { DataError, fieldNotPermitted, QueryPermissionError } from './errors.ts';
import { type ColumnInfo, type TableInfo, tableInfo } from './table-info.ts';
import type { QueryDeps, ReadableLevels, ReadScope } from './types.ts';

/** A Link target joined for `link_field.target_field`. */
export interface LinkJoin {
  fieldname: string;
  info: TableInfo;
  /** SQL alias of the joined table (`tab<DocType>_<n>`, as Frappe names it). */
  alias: string;
  /** Owner-scoped targets only show documents the user owns. */
  scope: Exclude<ReadScope, { kind: 'none' }>;
  /** The permlevels the user may read on the target. */
  readable: ReadableLevels;
}

/** A resolved column: its quoted SQL, what it is, and the result key Frappe gives it. */
export interface ResolvedColumn {
  sql: string;
  column: ColumnInfo;
  key: string;
  /** Whether the user may read the column (field-level permissions). */
  readable: boolean;
}

/** The dialect, and the meta and permission lookups the tables need. */
export type TableDeps = Pick<QueryDeps, 'dialect' | 'getMeta' | 'readScope' | 'readableLevels'>;

/** Whether a column of `info` may be read with the `readable` permlevels (of `info`'s DocType, or its parent's). */
export function columnReadable(readable: ReadableLevels, info: TableInfo, column: string): boolean {
  return canReadLevel(readable, info.levels.get(column) ?? 0);
}

/** Whether rows of child DocType `doctype` may be read: through at least one Table field of `main` the user may read. */
export function childReadable(main: TableInfo, readable: ReadableLevels, doctype: string): boolean {
  for (const [fieldname, child] of main.childFields)
    if (child === doctype && columnReadable(readable, main, fieldname)) return true;
  return false;
}

/**
 * The info of a DocType that has a table, or undefined (unknown, single or virtual).
 *
 * @example await loadTable(deps.getMeta, 'ToDo')
 */
export async function loadTable(
  getMeta: QueryDeps['getMeta'],
  doctype: string,
): Promise<TableInfo | undefined> {
  const meta = await getMeta(doctype);
  if (!meta || meta.issingle || meta.is_virtual) return undefined;
  return tableInfo(meta);
}

/** The joins of one query, collected while its fields, filters and sort terms are resolved. */
export class QueryTables {
  /** Child tables joined, by DocType. */
  readonly children = new Map<string, TableInfo>();
  /** Link targets joined, by Link fieldname. */
  readonly links = new Map<string, LinkJoin>();
  private readonly linkCounts = new Map<string, number>();

  constructor(
    readonly main: TableInfo,
    private readonly deps: TableDeps,
    /** The permlevels readable on the listed DocType (on its parent, for a child DocType). */
    readonly readable: ReadableLevels,
  ) {}

  /** Whether the user may read `column` of the listed DocType or of one of its child tables. */
  canRead(info: TableInfo, column: string): boolean {
    return columnReadable(this.readable, info, column);
  }

  /** The quoted `table.column` of a main-table column. */
  mainColumn(name: string): string {
    return `${this.deps.dialect.quote(this.main.table)}.${this.deps.dialect.quote(name)}`;
  }

  /** Joins a child table of the listed DocType (by DocType name). */
  async joinChild(doctype: string, field: string): Promise<TableInfo> {
    const joined = this.children.get(doctype);
    if (joined) return joined;
    const info = this.main.childDoctypes.has(doctype)
      ? await loadTable(this.deps.getMeta, doctype)
      : undefined;
    if (!info) throw fieldNotPermitted(`${doctype}.${field}`);
    this.children.set(doctype, info);
    return info;
  }

  /** Joins the target of a Link field of the listed DocType; refuses targets the user may not read. */
  async joinLink(fieldname: string, field: string): Promise<LinkJoin> {
    const joined = this.links.get(fieldname);
    if (joined) return joined;
    const doctype = this.main.linkFields.get(fieldname)!;
    const info = await loadTable(this.deps.getMeta, doctype);
    if (!info) throw fieldNotPermitted(`${fieldname}.${field}`);
    const scope = await this.deps.readScope(doctype);
    if (scope.kind === 'none') throw new QueryPermissionError(`No permission to read ${doctype}`);
    const readable = await this.deps.readableLevels(doctype);
    const n = (this.linkCounts.get(doctype) ?? 0) + 1;
    this.linkCounts.set(doctype, n);
    const join: LinkJoin = { fieldname, info, alias: `${info.table}_${n}`, scope, readable };
    this.links.set(fieldname, join);
    return join;
  }

  /**
   * Resolves a reference in `fields` or `order_by`/`group_by`. Child tables join on demand only when
   * `joinChildren` (Frappe refuses to sort by a child table the query does not select from).
   */
  async resolve(ref: ColumnRef, raw: string, joinChildren: boolean): Promise<ResolvedColumn> {
    const q = this.deps.dialect.quote;
    if (ref.qualifier === undefined) return this.own(this.main, q(this.main.table), ref.field, raw, true);
    if (!ref.quotedQualifier && this.main.linkFields.has(ref.qualifier)) {
      const link = await this.joinLink(ref.qualifier, ref.field);
      const column = this.own(link.info, q(link.alias), ref.field, raw, true);
      const readable =
        this.canRead(this.main, ref.qualifier) && columnReadable(link.readable, link.info, ref.field);
      return { ...column, readable };
    }
    let doctype = this.main.childFields.get(ref.qualifier);
    let through = doctype !== undefined && !ref.quotedQualifier && this.canRead(this.main, ref.qualifier);
    if (doctype === undefined || ref.quotedQualifier) {
      if (!ref.qualifier.startsWith('tab')) throw fieldNotPermitted(raw);
      doctype = ref.qualifier.slice(3);
      through = childReadable(this.main, this.readable, doctype);
    }
    if (doctype === this.main.doctype) return this.own(this.main, q(this.main.table), ref.field, raw, true);
    if (!joinChildren && !this.children.has(doctype)) {
      if (!this.main.childDoctypes.has(doctype)) throw fieldNotPermitted(raw);
      throw new DataError(`Please select atleast 1 column from ${doctype} to sort/group`);
    }
    const child = await this.joinChild(doctype, ref.field);
    return this.own(child, q(child.table), ref.field, raw, through);
  }

  // A column of the listed DocType or a child table, readable by the listed DocType's levels (and `through`:
  // whether the way to it may be read).
  private own(
    info: TableInfo,
    tableSql: string,
    field: string,
    raw: string,
    through: boolean,
  ): ResolvedColumn {
    const column = info.columns.get(field);
    if (!column) throw fieldNotPermitted(raw);
    const readable = through && this.canRead(info, field);
    return { sql: `${tableSql}.${this.deps.dialect.quote(field)}`, column, key: field, readable };
  }
}
