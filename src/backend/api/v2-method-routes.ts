// REST API v2 method routes beyond `/api/v2/method/<name>` (which the backend's method routes serve):
// a DocType controller's module function, and v2's `run_doc_method`.
import type { FastifyInstance } from 'fastify';
import { PermissionError, ValidationError } from '../../errors/index.ts';
import type { Doc } from '../../model/document/doc.ts';
import { scrub } from '../../model/meta/scrub.ts';
import { objectArg } from '../methods/method-args.ts';
import { callMethod, type MethodRegistry } from '../methods.ts';
import { contextOf } from '../request-state.ts';
import { runInContext } from '../run-in-context.ts';
import { docContextOf } from './doc-context.ts';
import { runMethodOnCopy } from './method-on-copy.ts';
import type { ModelServices } from './model-services.ts';
import { sendData } from './reply.ts';

/**
 * The registered name of `<DocType>/<method>` (Frappe resolves it to the DocType's controller module,
 * `<app>.<module>.doctype.<doctype>.<doctype>.<method>`): the whitelisted method whose name ends so.
 */
export function doctypeMethodName(
  registry: MethodRegistry,
  doctype: string,
  method: string,
): string | undefined {
  const suffix = `.doctype.${scrub(doctype)}.${scrub(doctype)}.${method}`;
  return registry.names().find((name) => name.endsWith(suffix));
}

/**
 * `ANY /api/v2/method/<DocType>/<method>` and `GET|POST /api/v2/method/run_doc_method` (`method`,
 * `document`, `kwargs`: a whitelisted controller method on a document as the client holds it, read
 * permission for GET and write for POST; reply `{data: result, docs: [document]}`).
 */
export function registerV2MethodRoutes(
  app: FastifyInstance,
  registry: MethodRegistry,
  model: ModelServices,
): void {
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/v2/method/:doctype/:method',
    handler: async (request, reply) => {
      const ctx = contextOf(request);
      const { doctype, method } = request.params as { doctype: string; method: string };
      const result = await runInContext(ctx, () => {
        const name = doctypeMethodName(registry, doctype, method);
        if (!name) throw new PermissionError();
        return callMethod(registry, ctx, name);
      });
      return sendData(reply, ctx, result ?? null);
    },
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v2/method/run_doc_method',
    handler: async (request, reply) => {
      const ctx = contextOf(request);
      const result = await runInContext(ctx, async () => {
        if (ctx.user === 'Guest') throw new PermissionError();
        const method = ctx.args.method;
        if (typeof method !== 'string' || !method) throw new ValidationError("'method' is required");
        const doc = objectArg(ctx.args.document, 'document') as Doc;
        const kwargs = ctx.args.kwargs === undefined ? {} : objectArg(ctx.args.kwargs, 'kwargs');
        const ptype = request.method === 'POST' ? 'write' : 'read';
        const message = await runMethodOnCopy(docContextOf(ctx, model), doc, method, kwargs, ptype);
        ctx.response.docs = [doc];
        return message;
      });
      return sendData(reply, ctx, result ?? null);
    },
  });
}
