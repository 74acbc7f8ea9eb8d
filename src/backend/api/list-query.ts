// Lists and counts for the API, through the query engine with the request user's permissions. Every list
// route and method (v1 resource, v2 document, frappe.client, reportview, search) comes through here; virtual
// DocTypes (RQ Job, apps' `is_virtual` DocTypes) are answered by their controllers instead (model/virtual/).
import type { DocContext } from '../../model/context.ts';
import { contextSlot } from '../../model/context-memo.ts';
import { checkPermission } from '../../model/permissions/has-permission.ts';
import { readableLevels } from '../../model/permissions/permlevels.ts';
import { readScope } from '../../model/permissions/read-scope.ts';
import { runCountQuery, runListQuery } from '../../model/query/run.ts';
import type { ListQueryInput, QueryDebug, QueryDeps } from '../../model/query/types.ts';
import { type VirtualDocType, virtualDocType } from '../../model/virtual/virtual-doctypes.ts';

const queryDeps = contextSlot<QueryDeps>('query deps');

/**
 * The query engine's view of a document context: the site's metas, and the user's read scope and readable
 * permlevels per DocType (documents the user may not read never appear, nor fields above their levels).
 */
export function queryDepsOf(dctx: DocContext): QueryDeps {
  return queryDeps(dctx, () => ({
    dialect: dctx.db.dialect,
    getMeta: async (doctype) => (await dctx.metas.find(dctx.db, doctype))?.raw,
    readScope: (doctype) => readScope(dctx, doctype),
    readableLevels: async (doctype) => readableLevels(dctx, await dctx.metas.get(dctx.db, doctype)),
  }));
}

const unrestrictedDeps = contextSlot<QueryDeps>('query deps without permissions');

/**
 * The query engine's view for system reads (Frappe's `get_all`, `db.get_value`, `db.count`): every document and
 * every field of the site's DocTypes, whoever the context's user is.
 */
export function unrestrictedQueryDepsOf(dctx: DocContext): QueryDeps {
  return unrestrictedDeps(dctx, () => ({
    dialect: dctx.db.dialect,
    getMeta: async (doctype) => (await dctx.metas.find(dctx.db, doctype))?.raw,
    readScope: () => ({ kind: 'all' }),
    readableLevels: () => 'all',
  }));
}

/** Rows of a list request, and the debug record when `debug` asked for one. */
export interface ListOutcome {
  data: Record<string, unknown>[] | unknown[][];
  debug?: QueryDebug | undefined;
}

/**
 * Runs a list request as the context's user.
 *
 * @example const { data } = await listDocs(dctx, { doctype: 'ToDo', fields: '["name"]', limit: 5 });
 */
export async function listDocs(dctx: DocContext, input: ListQueryInput): Promise<ListOutcome> {
  const virtual = await readableVirtual(dctx, input.doctype);
  if (virtual) return { data: await virtual.list(dctx, input) };
  return runListQuery(dctx.db, input, queryDepsOf(dctx));
}

/**
 * Counts the documents a list request matches, among those the user may read.
 *
 * @example const n = (await countDocs(dctx, { doctype: 'ToDo', filters: { status: 'Open' } })).count;
 */
export async function countDocs(
  dctx: DocContext,
  input: ListQueryInput,
): Promise<{ count: number; debug?: QueryDebug | undefined }> {
  const virtual = await readableVirtual(dctx, input.doctype);
  if (virtual) return { count: await virtual.count(dctx, input) };
  return runCountQuery(dctx.db, input, queryDepsOf(dctx));
}

// A virtual DocType's controller, once the user may read the DocType (unless it judges access itself).
async function readableVirtual(dctx: DocContext, doctype: unknown): Promise<VirtualDocType | undefined> {
  if (typeof doctype !== 'string') return undefined;
  const virtual = virtualDocType(dctx, doctype);
  if (virtual && !virtual.ownsAccess) await checkPermission(dctx, doctype, 'read');
  return virtual;
}

/** Frappe's `_debug_messages`: a JSON string of the executed SQL and its timing. */
export function debugMessages(debug: QueryDebug): string {
  return JSON.stringify([
    `${debug.sql} -- ${JSON.stringify(debug.params)}`,
    `Execution time: ${(debug.ms / 1000).toFixed(4)} sec`,
  ]);
}
