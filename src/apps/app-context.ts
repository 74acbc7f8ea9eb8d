// The one API app code is given: in controllers, doc_events, whitelisted methods, jobs, patches, install hooks
// and tests alike (Frappe's `frappe.*`, bound to one site, user and transaction instead of thread-locals).
// The implementation: app-context-impl.ts (`appContextOf` in app-context-of.ts).
import type { Doc, DocInput } from '../model/document/doc.ts';
import type { QueryBuilder } from './query-builder.ts';

/** List arguments as `frappe.get_list` takes them (filters in any of Frappe's forms). */
export interface AppListArgs {
  fields?: readonly string[];
  filters?: unknown;
  or_filters?: unknown;
  order_by?: string;
  group_by?: string;
  limit?: number;
  start?: number;
}

/** How to enqueue (Frappe's `frappe.enqueue` keyword arguments). */
export interface AppEnqueueOptions {
  queue?: 'short' | 'default' | 'long';
  timeout?: number;
  job_id?: string;
  deduplicate?: boolean;
  enqueue_after_commit?: boolean;
  /** The method's keyword arguments. */
  kwargs?: Record<string, unknown>;
}

/**
 * Frappe's API for one unit of work. Reads and writes go through the document engine (controllers, permissions
 * unless `ignorePermissions`, validation, realtime after commit); everything runs in the unit's transaction.
 */
export interface AppContext {
  readonly site: string;
  /** The session user (Frappe's `frappe.session.user`). */
  readonly user: string;
  roles(): Promise<readonly string[]>;
  now(): Date;

  getDoc<T extends Doc = Doc>(doctype: string, name: string): Promise<T>;
  /** A Single's document (`frappe.get_single`). */
  getSingle<T extends Doc = Doc>(doctype: string): Promise<T>;
  /** A new, unsaved document with the DocType's defaults (`frappe.new_doc`). */
  newDoc<T extends Doc = Doc>(doctype: string, values?: Record<string, unknown>): Promise<T>;
  insert<T extends Doc = Doc>(doc: DocInput, options?: { ignorePermissions?: boolean }): Promise<T>;
  save<T extends Doc = Doc>(doc: Doc, options?: { ignorePermissions?: boolean }): Promise<T>;
  submit<T extends Doc = Doc>(doc: Doc): Promise<T>;
  cancel<T extends Doc = Doc>(doctype: string, name: string): Promise<T>;
  delete(
    doctype: string,
    name: string,
    options?: { force?: boolean; ignorePermissions?: boolean },
  ): Promise<void>;
  /** `frappe.get_list`: the user's permissions applied. */
  getList<T = Record<string, unknown>>(doctype: string, args?: AppListArgs): Promise<T[]>;
  /** `frappe.get_all`: no permission checks. */
  getAll<T = Record<string, unknown>>(doctype: string, args?: AppListArgs): Promise<T[]>;
  count(doctype: string, filters?: unknown): Promise<number>;
  exists(doctype: string, nameOrFilters: string | Record<string, unknown>): Promise<string | undefined>;
  /** `frappe.db.get_value`: one field (or several) of the first matching document; Singles by field. */
  getValue<T = unknown>(
    doctype: string,
    nameOrFilters: string | Record<string, unknown>,
    field: string,
  ): Promise<T | undefined>;
  /**
   * `frappe.db.set_value`: writes fields without running controllers (as Frappe does), `modified` updated unless
   * `updateModified: false`. Besides the DocType's fields, the bookkeeping columns `_comments`, `_assign`,
   * `_liked_by` and `_user_tags` may be written (JSON text, as Frappe keeps them).
   */
  setValue(
    doctype: string,
    name: string,
    values: Record<string, unknown>,
    options?: { updateModified?: boolean },
  ): Promise<void>;
  /** Raw reads: `SELECT` with `?` placeholders, identifiers quoted by `q` (a query builder, `qb`, sits on top). */
  sql<T = Record<string, unknown>>(query: string, values?: readonly unknown[]): Promise<T[]>;
  /** Raw reads of one DocType's table, names checked against its meta: `qb.from('Article').where('status', 'Issued').run()`. */
  readonly qb: QueryBuilder;

  /**
   * A DocType's meta as the engine has it (customizations merged), in Frappe's JSON shape with `doctype:
   * 'DocType'` (`frappe.get_meta(doctype).as_dict()`). DoesNotExistError for an unknown DocType.
   */
  getMeta(doctype: string): Promise<Readonly<Record<string, unknown>>>;
  /**
   * A document as this user may see it: `frappe.get_doc` + `check_permission("read")` +
   * `apply_fieldlevel_read_permissions`, serialised as the REST API answers it. DoesNotExistError (404) when
   * missing, PermissionError (403) when unreadable.
   */
  readDoc<T extends Doc = Doc>(doctype: string, name: string): Promise<T>;
  /** `frappe.permissions.get_doc_permissions(doc)`: every right (`read`, `write`, ...) → 1 or 0 on `doc`. */
  getDocPermissions(doc: Doc): Promise<Record<string, 0 | 1>>;
  /** `frappe.rename_doc`: write permission and `allow_rename` needed; links follow. Returns the new name. */
  rename(doctype: string, oldName: string, newName: string, options?: { merge?: boolean }): Promise<string>;
  /**
   * `frappe.response`: top-level keys of this method's reply besides `message` (`docs`, `docinfo`, ...). Outside
   * a request the keys go nowhere.
   */
  readonly response: Record<string, unknown>;
  /**
   * `frappe.msgprint`: a message the client shows beside the reply (`_server_messages`); `alert` makes it a
   * toast. Outside a request it goes nowhere.
   */
  msgprint(message: string, options?: { title?: string; indicator?: string; alert?: boolean }): void;

  /** The shared cache, keys scoped to this site. */
  readonly cache: {
    get<T = unknown>(key: string): Promise<T | undefined>;
    set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
    delete(key: string): Promise<void>;
  };
  /** Enqueues a job method (a function or its dotted path) as this user on this site. */
  enqueue(
    method: string | ((...args: never[]) => unknown),
    options?: AppEnqueueOptions,
  ): Promise<{ id: string; status: string }>;
  /**
   * `frappe.has_permission`: whether `user` (default: the context's user) has right `ptype` (default `read`) on
   * the DocType, or on one document of it (a name, or the document itself). The one permission evaluator: roles,
   * `if_owner`, User Permissions, shares and apps' `has_permission` hooks. False for a missing document.
   */
  hasPermission(doctype: string, ptype?: string, doc?: string | Doc, user?: string): Promise<boolean>;
  /** `frappe.db.escape`: `value` as an SQL string literal of the site's database (for `permission_query_conditions`). */
  escape(value: string): string;
  /** An identifier (table or column name) quoted for the site's database: `quote('tabToDo')`. */
  quote(identifier: string): string;

  /** `frappe.publish_realtime`, sent after the unit commits. */
  publishRealtime(
    event: string,
    message: unknown,
    target?: { room?: string; user?: string; doctype?: string; docname?: string },
  ): void;
  /** `frappe.publish_progress`. */
  publishProgress(
    percent: number,
    options?: { title?: string; description?: string; doctype?: string; docname?: string },
  ): Promise<void>;
}
