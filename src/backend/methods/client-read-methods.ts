// `frappe.client` reads (Frappe's `frappe/client.py`): lists, counts, documents, values, permission checks.
import { DoesNotExistError, PermissionError, ValidationError } from '../../errors/index.ts';
import { childMetasOf } from '../../model/document/child-metas.ts';
import type { Doc } from '../../model/document/doc.ts';
import { getDoc } from '../../model/document/get.ts';
import { loadDoc } from '../../model/document/load.ts';
import { checkPermission, hasPermission } from '../../model/permissions/has-permission.ts';
import { isRight } from '../../model/permissions/rights.ts';
import type { ListQueryInput } from '../../model/query/types.ts';
import { docContextOf } from '../api/doc-context.ts';
import { countDocs, debugMessages, listDocs } from '../api/list-query.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { Args } from '../arguments.ts';
import type { MethodRegistry } from '../methods.ts';
import type { RequestContext } from '../request-context.ts';
import { anyParam, doctypeParam, fieldnameArg, flagArg, nameParam, parseJsonValue } from './method-args.ts';

/** The parameters of a list request, as `frappe.client.get_list` and frappe-ui's list resources send them. */
export const listParams = {
  doctype: doctypeParam,
  fields: anyParam,
  filters: anyParam,
  or_filters: anyParam,
  group_by: anyParam,
  order_by: anyParam,
  limit_start: anyParam,
  limit_page_length: anyParam,
  start: anyParam,
  page_length: anyParam,
  limit: anyParam,
  parent: anyParam,
  debug: anyParam,
  as_dict: anyParam,
  distinct: anyParam,
} as const;

/** Runs a list request for a method and puts its SQL in `_debug_messages` when asked. */
export async function listForMethod(ctx: RequestContext, model: ModelServices, args: Args) {
  const out = await listDocs(docContextOf(ctx, model), args as unknown as ListQueryInput);
  if (out.debug) ctx.response._debug_messages = debugMessages(out.debug);
  return out.data;
}

/** Counts for a method; `_debug_messages` when asked. */
export async function countForMethod(ctx: RequestContext, model: ModelServices, args: Args): Promise<number> {
  const out = await countDocs(docContextOf(ctx, model), args as unknown as ListQueryInput);
  if (out.debug) ctx.response._debug_messages = debugMessages(out.debug);
  return out.count;
}

/**
 * Registers `frappe.client.get_list`, `get_count`, `get`, `get_value`, `get_single_value` and
 * `has_permission`. Every read is permission-filtered: a list or count never includes documents the user
 * may not read.
 */
export function registerClientReadMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist('frappe.client.get_list', { params: listParams }, (ctx, args) =>
    listForMethod(ctx, model, args),
  );

  registry.whitelist(
    'frappe.client.get_count',
    { params: { doctype: doctypeParam, filters: anyParam, or_filters: anyParam, debug: anyParam } },
    (ctx, args) => countForMethod(ctx, model, args),
  );

  registry.whitelist(
    'frappe.client.get',
    {
      params: {
        doctype: doctypeParam,
        name: { type: ['string', 'float'] },
        filters: anyParam,
        parent: anyParam,
      },
    },
    async (ctx, { doctype, name, filters }) => {
      const dctx = docContextOf(ctx, model);
      if (name !== undefined && name !== '') return getDoc(dctx, doctype, String(name));
      const meta = await dctx.metas.get(dctx.db, doctype);
      if (filters !== undefined && filters !== null && filters !== '') {
        const { data } = await listDocs(dctx, { doctype, filters, fields: ['name'], limit: 1 });
        const first = (data as Array<{ name?: unknown }>)[0];
        if (!first) throw new DoesNotExistError(`${doctype} not found`);
        return getDoc(dctx, doctype, String(first.name));
      }
      if (!meta.isSingle) throw new DoesNotExistError(`${doctype}: a name or filters are required`);
      return getDoc(dctx, doctype, doctype);
    },
  );

  registry.whitelist(
    'frappe.client.get_value',
    {
      params: {
        doctype: doctypeParam,
        fieldname: anyParam,
        filters: anyParam,
        as_dict: anyParam,
        debug: anyParam,
        parent: anyParam,
      },
    },
    async (ctx, { doctype, fieldname, filters, as_dict, debug, parent }) => {
      const dctx = docContextOf(ctx, model);
      const meta = await dctx.metas.get(dctx.db, doctype);
      const parsed = parseJsonValue(fieldname ?? 'name');
      const fields = (Array.isArray(parsed) ? parsed : [parsed]).map(fieldnameArg);
      const asDict = flagArg(as_dict, true);
      let where = parseJsonValue(filters);
      if (typeof where === 'string' || typeof where === 'number') where = { name: String(where) };
      let row: Record<string, unknown> | unknown[] | undefined;
      if (meta.isSingle) {
        const doc = await getDoc(dctx, doctype, doctype);
        const values = fields.length ? fields : ['name'];
        row = asDict
          ? Object.fromEntries(values.map((f) => [f, doc[f] ?? null]))
          : values.map((f) => doc[f] ?? null);
      } else {
        const rows = await listForMethod(ctx, model, {
          doctype,
          fields,
          filters: isEmpty(where) ? undefined : where,
          limit_page_length: 1,
          as_dict: asDict,
          debug,
          parent,
        });
        row = rows[0];
      }
      if (asDict) return row ?? {};
      if (!row) return null;
      const values = row as unknown[];
      return values.length > 1 ? values : values[0];
    },
  );

  registry.whitelist(
    'frappe.client.get_single_value',
    { params: { doctype: doctypeParam, field: { type: 'string', required: true } } },
    async (ctx, { doctype, field }) => {
      const dctx = docContextOf(ctx, model);
      if (!(await hasPermission(dctx, doctype, 'read')))
        throw new PermissionError(`No permission for ${doctype}`);
      const doc = await getDoc(dctx, doctype, doctype);
      return doc[field] ?? null;
    },
  );

  registry.whitelist(
    'frappe.client.has_permission',
    { params: { doctype: doctypeParam, docname: nameParam, perm_type: { type: 'string' } } },
    async (ctx, { doctype, docname, perm_type = 'read' }) => {
      const ptype = perm_type.toLowerCase();
      if (!isRight(ptype)) throw new ValidationError(`Unknown permission type ${perm_type.slice(0, 40)}`);
      const dctx = docContextOf(ctx, model);
      const doc = await storedDoc(ctx, model, doctype, String(docname));
      return { has_permission: await hasPermission(dctx, doctype, ptype, doc) };
    },
  );
}

/** A stored document as the permission rules see it (no permission check); 404 when missing. */
export async function storedDoc(
  ctx: RequestContext,
  model: ModelServices,
  doctype: string,
  name: string,
): Promise<Doc> {
  const dctx = docContextOf(ctx, model);
  const meta = await dctx.metas.get(dctx.db, doctype);
  if (meta.isSingle) return { doctype: meta.name, name: meta.name };
  const doc = await loadDoc(dctx, meta, await childMetasOf(dctx, meta), name);
  if (!doc) throw new DoesNotExistError(`${doctype} ${name} not found`);
  return doc;
}

/** Throws PermissionError unless the user may read the document (Frappe's realtime checks). */
export async function checkReadable(
  ctx: RequestContext,
  model: ModelServices,
  doctype: string,
  name?: string,
): Promise<true> {
  const dctx = docContextOf(ctx, model);
  const doc = name === undefined ? undefined : await storedDoc(ctx, model, doctype, name);
  await checkPermission(dctx, doctype, 'read', doc);
  return true;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
