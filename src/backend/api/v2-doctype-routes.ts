// REST API v2 collection routes (Frappe's `frappe/api/v2.py`): `/api/v2/doctype/<DocType>/meta` and `/count`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PermissionError } from '../../errors/index.ts';
import { contextOf } from '../request-state.ts';
import { runInContext } from '../run-in-context.ts';
import { docContextOf, withStoredDoctype } from './doc-context.ts';
import { countDocs } from './list-query.ts';
import type { ModelServices } from './model-services.ts';
import { sendData } from './reply.ts';

/**
 * `GET /api/v2/doctype/<DocType>/meta` (the DocType's meta, for any logged-in user, as Frappe's
 * `only_for("All")`) and `GET /api/v2/doctype/<DocType>/count` (documents the user may read matching
 * `filters`/`or_filters`).
 */
export function registerV2DoctypeRoutes(app: FastifyInstance, model: ModelServices): void {
  const doctypeOf = async (request: FastifyRequest) =>
    (await withStoredDoctype(contextOf(request), model, request.params as { doctype: string })).doctype;

  app.get('/api/v2/doctype/:doctype/meta', async (request, reply) => {
    const ctx = contextOf(request);
    const meta = await runInContext(ctx, async () => {
      if (ctx.user === 'Guest') throw new PermissionError();
      const dctx = docContextOf(ctx, model);
      return (await dctx.metas.get(dctx.db, await doctypeOf(request))).raw;
    });
    return sendData(reply, ctx, { ...meta, doctype: 'DocType' });
  });

  app.get('/api/v2/doctype/:doctype/count', async (request, reply) => {
    const ctx = contextOf(request);
    const { count } = await runInContext(ctx, async () =>
      countDocs(docContextOf(ctx, model), {
        doctype: await doctypeOf(request),
        filters: ctx.args.filters,
        or_filters: ctx.args.or_filters,
      }),
    );
    return sendData(reply, ctx, count);
  });
}
