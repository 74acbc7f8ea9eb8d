// PLACEHOLDER (siteapps branch): the `api` helper implements `appContextOf` in this file; merge takes theirs.
// Just enough of AppContext for install hooks, patches and fixtures, on the document engine; the rest throws.
import { tableName } from '../db/meta.ts';
import type { DocContext } from '../model/context.ts';
import { deleteDoc, getDoc, getSingle, insertDoc, newDoc, saveDoc } from '../model/document/index.ts';
import { getRoles } from '../model/permissions/roles.ts';
import type { AppContext } from './app-context.ts';

/** The AppContext of a document context (its site, user and transaction). */
export function appContextOf(dctx: DocContext): AppContext {
  const missing = (what: string) => () => {
    throw new Error(`${what} is not available in this placeholder AppContext`);
  };
  const q = dctx.db.dialect.quote;
  return {
    site: dctx.site,
    user: dctx.user,
    roles: () => getRoles(dctx),
    now: () => (dctx.now ? dctx.now() : new Date()),
    getDoc: (doctype, name) => getDoc(dctx, doctype, name) as never,
    getSingle: (doctype) => getSingle(dctx, doctype) as never,
    newDoc: async (doctype, values) => ({ ...(await newDoc(dctx, doctype)), ...values }) as never,
    insert: (doc, options) => insertDoc(dctx, doc, options) as never,
    save: (doc, options) => saveDoc(dctx, doc, options) as never,
    submit: missing('submit'),
    cancel: missing('cancel'),
    delete: (doctype, name, options) => deleteDoc(dctx, doctype, name, options),
    getList: missing('getList'),
    getAll: missing('getAll'),
    async count(doctype) {
      const row = await dctx.db.one<{ n: unknown }>(
        `SELECT COUNT(*) AS ${q('n')} FROM ${q(tableName(doctype))}`,
      );
      return Number(row?.n ?? 0);
    },
    exists: missing('exists'),
    getValue: missing('getValue'),
    setValue: missing('setValue'),
    sql: (query, values) => dctx.db.all(query, values ?? []) as never,
    cache: { get: missing('cache'), set: missing('cache'), delete: missing('cache') },
    enqueue: missing('enqueue'),
    publishRealtime: missing('publishRealtime'),
    publishProgress: missing('publishProgress'),
  };
}
