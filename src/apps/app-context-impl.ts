// The AppContext (app-context.ts) over one DocContext: every call goes to the document engine, the query engine
// or the context's process services; nothing here has rules of its own beyond mapping Frappe's arguments.
import { createDocument } from '../backend/api/document-ops.ts';
import { listDocs, unrestrictedQueryDepsOf } from '../backend/api/list-query.ts';
import { sqlLiteral } from '../db/schema/column-sql.ts';
import { ValidationError } from '../errors/index.ts';
import type { JobContext } from '../jobs/context.ts';
import { publishProgress } from '../jobs/progress.ts';
import { realtimeRoom } from '../jobs/realtime-room.ts';
import { type DocContext, nowOf } from '../model/context.ts';
import type { DocServices } from '../model/doc-services.ts';
import { childMetasOf } from '../model/document/child-metas.ts';
import { deleteDoc } from '../model/document/delete.ts';
import type { Doc, DocInput } from '../model/document/doc.ts';
import { docExists, getDoc } from '../model/document/get.ts';
import { loadDoc } from '../model/document/load.ts';
import { newDoc } from '../model/document/new-doc.ts';
import { renameDoc } from '../model/document/rename.ts';
import { saveDoc } from '../model/document/save.ts';
import { cancelDoc } from '../model/document/submit.ts';
import { hasPermission } from '../model/permissions/has-permission.ts';
import { isRight, rights } from '../model/permissions/rights.ts';
import { getRoles } from '../model/permissions/roles.ts';
import { runCountQuery, runListQuery } from '../model/query/run.ts';
import type { ListQueryInput } from '../model/query/types.ts';
import type { AppContext, AppEnqueueOptions, AppListArgs } from './app-context.ts';
import { dbSetValue } from './db-set-value.ts';
import { docContextAs } from './doc-context-for.ts';
import { loadAppDoc } from './load-doc.ts';
import { type QueryBuilder, queryBuilder } from './query-builder.ts';
import { assertReadOnlySql } from './read-only-sql.ts';

// Frappe's enqueue keywords: a method argument of one of these names would be taken for the keyword.
const enqueueKeywords = new Set(['queue', 'timeout', 'job_id', 'deduplicate', 'enqueue_after_commit', 'now']);

/**
 * The app API bound to one document context (one site, user and transaction). `job` is the running job when
 * the context serves one: its progress then also reaches the job's own task room.
 */
export class DocAppContext implements AppContext {
  constructor(
    readonly dctx: DocContext,
    private readonly job?: JobContext | undefined,
  ) {}

  get site(): string {
    return this.dctx.site;
  }
  get user(): string {
    return this.dctx.user;
  }
  roles(): Promise<readonly string[]> {
    return getRoles(this.dctx);
  }
  now(): Date {
    return nowOf(this.dctx);
  }

  async getDoc<T extends Doc = Doc>(doctype: string, name: string): Promise<T> {
    return (await loadAppDoc(this.dctx, doctype, String(name))) as T;
  }
  async getSingle<T extends Doc = Doc>(doctype: string): Promise<T> {
    const meta = await this.dctx.metas.get(this.dctx.db, doctype);
    if (!meta.isSingle) throw new ValidationError(`${meta.name} is not a single DocType`);
    return (await loadAppDoc(this.dctx, meta.name, meta.name)) as T;
  }
  async newDoc<T extends Doc = Doc>(doctype: string, values: Record<string, unknown> = {}): Promise<T> {
    const doc = await newDoc(this.dctx, doctype);
    return { ...doc, ...values, doctype: doc.doctype } as T;
  }
  async insert<T extends Doc = Doc>(
    doc: DocInput,
    options: { ignorePermissions?: boolean } = {},
  ): Promise<T> {
    const { __islocal, __unsaved, ...data } = documentArg(doc);
    return (await createDocument(this.dctx, data.doctype, data, options)) as T;
  }
  async save<T extends Doc = Doc>(doc: Doc, options: { ignorePermissions?: boolean } = {}): Promise<T> {
    const data = documentArg(doc);
    if (data.__islocal || !data.name) return this.insert<T>(data, options);
    return (await saveDoc(this.dctx, data, options)) as T;
  }
  async submit<T extends Doc = Doc>(doc: Doc): Promise<T> {
    const data = documentArg(doc);
    if (data.__islocal || !data.name) return this.insert<T>({ ...data, docstatus: 1 });
    return (await saveDoc(this.dctx, { ...data, docstatus: 1 })) as T;
  }
  async cancel<T extends Doc = Doc>(doctype: string, name: string): Promise<T> {
    return (await cancelDoc(this.dctx, doctype, String(name))) as T;
  }
  async delete(
    doctype: string,
    name: string,
    options: { force?: boolean; ignorePermissions?: boolean } = {},
  ): Promise<void> {
    return deleteDoc(this.dctx, doctype, String(name), options);
  }

  async getList<T = Record<string, unknown>>(doctype: string, args: AppListArgs = {}): Promise<T[]> {
    return (await listDocs(this.dctx, listInput(doctype, args))).data as T[];
  }
  async getAll<T = Record<string, unknown>>(doctype: string, args: AppListArgs = {}): Promise<T[]> {
    const { data } = await runListQuery(this.dctx.db, listInput(doctype, args), this.#allDeps());
    return data as T[];
  }
  async count(doctype: string, filters?: unknown): Promise<number> {
    return (await runCountQuery(this.dctx.db, { doctype, filters }, this.#allDeps())).count;
  }
  async exists(
    doctype: string,
    nameOrFilters: string | Record<string, unknown>,
  ): Promise<string | undefined> {
    if (typeof nameOrFilters === 'string')
      return (await docExists(this.dctx, doctype, nameOrFilters)) ? nameOrFilters : undefined;
    const [row] = await this.getAll<{ name: string }>(doctype, {
      fields: ['name'],
      filters: nameOrFilters,
      limit: 1,
    });
    return row?.name;
  }
  async getValue<T = unknown>(
    doctype: string,
    nameOrFilters: string | Record<string, unknown>,
    field: string,
  ): Promise<T | undefined> {
    const meta = await this.dctx.metas.get(this.dctx.db, doctype);
    if (meta.isSingle) {
      const value = (await loadAppDoc(this.dctx, meta.name, meta.name))[field];
      return value === null ? undefined : (value as T | undefined);
    }
    const filters = typeof nameOrFilters === 'string' ? { name: nameOrFilters } : nameOrFilters;
    const [row] = await this.getAll<Record<string, unknown>>(doctype, { fields: [field], filters, limit: 1 });
    const value = row?.[field];
    return value === null ? undefined : (value as T | undefined);
  }
  async setValue(
    doctype: string,
    name: string,
    values: Record<string, unknown>,
    options: { updateModified?: boolean } = {},
  ): Promise<void> {
    return dbSetValue(this.dctx, doctype, name, values, options);
  }
  async sql<T = Record<string, unknown>>(query: string, values: readonly unknown[] = []): Promise<T[]> {
    assertReadOnlySql(query, this.dctx.db.dialect.type);
    if (!Array.isArray(values)) throw new ValidationError('sql: values must be an array');
    return (await this.dctx.db.all(query, values)) as T[];
  }

  get qb(): QueryBuilder {
    return queryBuilder(this.dctx, (query, values) => this.sql(query, values));
  }

  async getMeta(doctype: string): Promise<Readonly<Record<string, unknown>>> {
    const meta = await this.dctx.metas.get(this.dctx.db, String(doctype));
    return { ...meta.raw, doctype: 'DocType' };
  }
  async readDoc<T extends Doc = Doc>(doctype: string, name: string): Promise<T> {
    return (await getDoc(this.dctx, String(doctype), String(name))) as T;
  }
  async getDocPermissions(doc: Doc): Promise<Record<string, 0 | 1>> {
    const data = documentArg(doc);
    const meta = await this.dctx.metas.get(this.dctx.db, data.doctype);
    const out: Record<string, 0 | 1> = {};
    for (const right of rights) out[right] = (await hasPermission(this.dctx, meta, right, data)) ? 1 : 0;
    return out;
  }
  rename(
    doctype: string,
    oldName: string,
    newName: string,
    options: { merge?: boolean } = {},
  ): Promise<string> {
    return renameDoc(this.dctx, String(doctype), String(oldName), String(newName), {
      merge: Boolean(options.merge),
    });
  }
  get response(): Record<string, unknown> {
    this.#looseReply ??= {};
    return this.dctx.reply ?? this.#looseReply;
  }
  msgprint(message: string, options: { title?: string; indicator?: string; alert?: boolean } = {}): void {
    const reply = this.response;
    const previous = typeof reply._server_messages === 'string' ? reply._server_messages : '[]';
    const entry: Record<string, unknown> = { message: String(message) };
    if (options.title) entry.title = options.title;
    if (options.indicator) entry.indicator = options.indicator;
    if (options.alert) entry.alert = 1;
    reply._server_messages = JSON.stringify([...(JSON.parse(previous) as string[]), JSON.stringify(entry)]);
  }
  #looseReply: Record<string, unknown> | undefined;

  get cache(): AppContext['cache'] {
    const services = this.#services('cache');
    const key = (k: string) => {
      if (typeof k !== 'string' || k === '' || k.length > 512)
        throw new ValidationError('cache: invalid key');
      return `${this.site}|app|${k}`;
    };
    return {
      get: async <T>(k: string) => {
        const text = await services.cache.get(key(k));
        return text === undefined ? undefined : (JSON.parse(text) as T);
      },
      set: async (k, value, ttlSeconds) => {
        if (value === undefined) throw new ValidationError('cache: cannot store undefined');
        await services.cache.set(key(k), JSON.stringify(value), ttlSeconds);
      },
      delete: async (k) => {
        await services.cache.del(key(k));
      },
    };
  }

  async enqueue(
    method: string | ((...args: never[]) => unknown),
    options: AppEnqueueOptions = {},
  ): Promise<{ id: string; status: string }> {
    const services = this.#services('enqueue');
    if (!services.enqueue) throw new ValidationError('Background jobs are not available in this process');
    const path = typeof method === 'string' ? method : services.pathOf?.(method);
    if (!path) throw new ValidationError('enqueue: the function is not exported by an app module');
    const { kwargs = {}, ...keywords } = options;
    for (const name of Object.keys(kwargs))
      if (enqueueKeywords.has(name))
        throw new ValidationError(`enqueue: '${name}' is an enqueue option, not an argument`);
    const receipt = await services.enqueue({
      site: this.site,
      user: this.user,
      db: this.dctx.db,
      method: path,
      options: { ...kwargs, ...keywords },
    });
    return { id: receipt.id ?? '', status: receipt.status };
  }

  async hasPermission(doctype: string, ptype = 'read', doc?: string | Doc, user?: string): Promise<boolean> {
    const right = String(ptype).toLowerCase();
    if (!isRight(right)) throw new ValidationError(`Unknown permission type ${String(ptype).slice(0, 40)}`);
    const dctx = user === undefined || user === this.user ? this.dctx : await docContextAs(this.dctx, user);
    if (typeof doc !== 'string') return hasPermission(dctx, doctype, right, doc);
    const meta = await dctx.metas.get(dctx.db, doctype);
    const stored = meta.isSingle
      ? { doctype: meta.name, name: meta.name }
      : await loadDoc(dctx, meta, await childMetasOf(dctx, meta), doc);
    return stored ? hasPermission(dctx, meta, right, stored) : false;
  }
  escape(value: string): string {
    return sqlLiteral(this.dctx.db.dialect, String(value));
  }
  quote(identifier: string): string {
    return this.dctx.db.dialect.quote(String(identifier));
  }

  publishRealtime(
    event: string,
    message: unknown,
    target: { room?: string; user?: string; doctype?: string; docname?: string } = {},
  ): void {
    this.dctx.publish({ event, message, room: realtimeRoom(target) });
  }

  async publishProgress(
    percent: number,
    options: { title?: string; description?: string; doctype?: string; docname?: string } = {},
  ): Promise<void> {
    if (this.job) return this.job.publishProgress(percent, options);
    return publishProgress(this.#services('publishProgress').bus, this.site, percent, {
      ...options,
      user: this.user,
    });
  }

  #allDeps() {
    return unrestrictedQueryDepsOf(this.dctx);
  }

  #services(what: string): DocServices {
    const { services } = this.dctx;
    if (!services) throw new ValidationError(`${what} is not available in this context`);
    return services;
  }
}

function listInput(doctype: string, args: AppListArgs): ListQueryInput {
  return {
    doctype,
    fields: args.fields,
    filters: args.filters,
    or_filters: args.or_filters,
    order_by: args.order_by,
    group_by: args.group_by,
    limit_start: args.start,
    // Frappe's get_list/get_all return every row unless a page length is given.
    limit_page_length: args.limit ?? 0,
  };
}

function documentArg(doc: unknown): Doc & DocInput {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new ValidationError('A document must be an object');
  const data = doc as Doc;
  if (typeof data.doctype !== 'string' || data.doctype === '')
    throw new ValidationError('A document needs its doctype');
  return { ...data };
}
