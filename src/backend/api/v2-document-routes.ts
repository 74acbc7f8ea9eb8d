// REST API v2 documents (docs/wire.md §3, Frappe's `frappe/api/v2.py`) at `/api/v2/document`.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DoesNotExistError, ValidationError } from '../../errors/index.ts';
import { deleteDoc } from '../../model/document/delete.ts';
import { getDoc } from '../../model/document/get.ts';
import { runDocMethod } from '../../model/document/run-method.ts';
import type { Args } from '../arguments.ts';
import type { RequestContext } from '../request-context.ts';
import { contextOf } from '../request-state.ts';
import { runInContext } from '../run-in-context.ts';
import { docContextOf, withStoredDoctype } from './doc-context.ts';
import { createDocument, updateDocument } from './document-ops.ts';
import { debugMessages, listDocs } from './list-query.ts';
import type { ModelServices } from './model-services.ts';
import { sendData } from './reply.ts';

type Params = { doctype: string; '*'?: string };
type Work = (ctx: RequestContext, params: Params, request: FastifyRequest) => Promise<[unknown, number?]>;

const methodPath = /^(.+)\/method\/([^/]+)$/;

/**
 * `GET|POST /api/v2/document/<DocType>` (list with `has_next_page`, insert), `GET|PATCH|PUT|DELETE
 * /api/v2/document/<DocType>/<name>` and `GET|POST /api/v2/document/<DocType>/<name>/method/<method>`.
 * Replies `{"data": ...}`; errors use the v2 envelope (rendered by the error handler for `/api/v2/`).
 */
export function registerV2DocumentRoutes(app: FastifyInstance, model: ModelServices): void {
  const handle = (work: Work) => async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = contextOf(request);
    const [value, status] = await runInContext(ctx, async () =>
      work(ctx, await withStoredDoctype(ctx, model, request.params as Params), request),
    );
    return sendData(reply, ctx, value, status);
  };

  const list = handle(async (ctx, { doctype }) => {
    const a = ctx.args;
    const limit = integer(a.limit, 20, 'limit');
    const fields = listOrUndefined(a.fields, 'fields');
    const out = await listDocs(docContextOf(ctx, model), {
      doctype,
      fields,
      filters: a.filters,
      or_filters: a.or_filters,
      order_by: a.order_by,
      group_by: a.group_by,
      limit_start: integer(a.start, 0, 'start'),
      // One row more than asked tells whether another page exists.
      limit_page_length: limit + 1,
      as_dict: a.as_dict,
      debug: a.debug,
    });
    if (out.debug) ctx.response._debug_messages = debugMessages(out.debug);
    ctx.response.has_next_page = out.data.length > limit;
    return [out.data.slice(0, limit)];
  });

  const insert = handle(async (ctx, { doctype }) => {
    const data: Args = { ...ctx.args };
    delete data.doctype;
    // Frappe's v2 `create_doc` sets `flags.name_set` when the payload names the document.
    const nameSet = (typeof data.name === 'string' && data.name !== '') || typeof data.name === 'number';
    return [await createDocument(docContextOf(ctx, model), doctype, data, { nameSet })];
  });

  const one = handle(async (ctx, params, request) => {
    const rest = params['*'] ?? '';
    const dctx = docContextOf(ctx, model);
    const call = methodPath.exec(rest);
    if (call && (request.method === 'GET' || request.method === 'HEAD' || request.method === 'POST')) {
      const [, name, method] = call;
      const ptype = request.method === 'POST' ? 'write' : 'read';
      const { message, doc } = await runDocMethod(
        dctx,
        params.doctype,
        name!,
        method!,
        { ...ctx.args },
        ptype,
      );
      ctx.response.docs = [doc];
      return [message];
    }
    switch (request.method) {
      case 'GET':
      case 'HEAD':
        return [await getDoc(dctx, params.doctype, rest)];
      case 'PATCH':
      case 'PUT':
        return [await updateDocument(dctx, params.doctype, rest, { ...ctx.args })];
      case 'DELETE':
        await deleteDoc(dctx, params.doctype, rest);
        return ['ok', 202];
      default:
        throw new DoesNotExistError('The resource you are looking for is not available');
    }
  });

  app.route({ method: 'GET', url: '/api/v2/document/:doctype', handler: list });
  app.route({ method: 'POST', url: '/api/v2/document/:doctype', handler: insert });
  app.route({
    method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    url: '/api/v2/document/:doctype/*',
    handler: one,
  });
}

// Frappe's cint for `start`/`limit`, refusing negatives instead of sending them to the database.
function integer(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Math.trunc(Number(value));
  if (!Number.isFinite(n)) return 0;
  if (n < 0) throw new ValidationError(`'${name}' cannot be negative`);
  return n;
}

// v2 insists that `fields` is a list (JSON text of one, from a query string).
function listOrUndefined(value: unknown, name: string): unknown[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ValidationError(`'${name}' must be a list`);
    }
  }
  if (!Array.isArray(parsed)) throw new ValidationError(`'${name}' must be a list`);
  return parsed;
}
