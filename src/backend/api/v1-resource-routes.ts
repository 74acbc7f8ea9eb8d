// REST API v1 documents (docs/wire.md §2, Frappe's `frappe/api/v1.py`), at `/api/resource` and
// `/api/v1/resource`.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors/index.ts';
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
import { requestDocument } from './request-data.ts';

type DocParams = { doctype: string; '*'?: string };

/**
 * `GET|POST /api/resource/<DocType>` (list, insert) and `GET|PUT|DELETE|POST /api/resource/<DocType>/<name>`
 * (read, partial update, delete, `?run_method=`), also under `/api/v1`. DocType and name are URL-decoded;
 * the name may contain `/`; trailing slashes are tolerated.
 */
export function registerResourceRoutes(app: FastifyInstance, model: ModelServices): void {
  const handle =
    (
      work: (ctx: RequestContext, params: DocParams, request: FastifyRequest) => Promise<[unknown, number?]>,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const ctx = contextOf(request);
      const params = request.params as DocParams;
      const [value, status] = await runInContext(ctx, async () =>
        work(ctx, await withStoredDoctype(ctx, model, params), request),
      );
      return sendData(reply, ctx, value, status);
    };

  const list = handle(async (ctx, { doctype }) => {
    const a = ctx.args;
    const out = await listDocs(docContextOf(ctx, model), {
      doctype,
      fields: a.fields,
      filters: a.filters,
      or_filters: a.or_filters,
      order_by: a.order_by,
      group_by: a.group_by,
      limit_start: a.limit_start,
      limit_page_length: a.limit_page_length,
      limit: a.limit,
      as_dict: a.as_dict,
      debug: a.debug,
      parent: a.parent,
    });
    if (out.debug) ctx.response._debug_messages = debugMessages(out.debug);
    return [out.data];
  });

  const insert = handle(async (ctx, { doctype }) => {
    return [await createDocument(docContextOf(ctx, model), doctype, requestDocument(ctx.args))];
  });

  const one = handle(async (ctx, params, request) => {
    const { doctype } = params;
    const name = params['*'] ?? '';
    const dctx = docContextOf(ctx, model);
    const runMethod = ctx.args.run_method ?? (request.query as Args | undefined)?.run_method;
    switch (request.method) {
      case 'GET':
      case 'HEAD':
        if (runMethod !== undefined) return [await docMethod(ctx, doctype, name, runMethod, 'read')];
        return [await getDoc(dctx, doctype, name)];
      case 'PUT':
        return [await updateDocument(dctx, doctype, name, requestDocument(ctx.args))];
      case 'DELETE':
        await deleteDoc(dctx, doctype, name);
        return ['ok', 202];
      default:
        if (runMethod === undefined)
          throw new ValidationError('run_method is required to POST to a document');
        return [await docMethod(ctx, doctype, name, runMethod, 'write')];
    }
  });

  // A document method's arguments are the request's, less the routing key itself.
  const docMethod = async (
    ctx: RequestContext,
    doctype: string,
    name: string,
    method: unknown,
    ptype: 'read' | 'write',
  ): Promise<unknown> => {
    if (typeof method !== 'string' || method === '')
      throw new ValidationError('run_method must name a method');
    const args: Args = { ...ctx.args };
    delete args.run_method;
    const { message } = await runDocMethod(docContextOf(ctx, model), doctype, name, method, args, ptype);
    return message;
  };

  for (const prefix of ['/api', '/api/v1']) {
    app.route({ method: 'GET', url: `${prefix}/resource/:doctype`, handler: list });
    app.route({ method: 'POST', url: `${prefix}/resource/:doctype`, handler: insert });
    app.route({
      method: ['GET', 'PUT', 'DELETE', 'POST'],
      url: `${prefix}/resource/:doctype/*`,
      handler: one,
    });
  }
}
