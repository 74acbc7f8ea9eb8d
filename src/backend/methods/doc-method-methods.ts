// `run_doc_method` / `runserverobj` (Frappe's `frappe/handler.py`): a whitelisted controller method on a
// stored document (`dt`, `dn`) or on the form's unsaved copy (`docs`).
import { PermissionError } from '../../errors/index.ts';
import type { Doc } from '../../model/document/doc.ts';
import { runDocMethod } from '../../model/document/run-method.ts';
import { docContextOf } from '../api/doc-context.ts';
import { runMethodOnCopy } from '../api/method-on-copy.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import type { RequestContext } from '../request-context.ts';
import { anyParam, objectArg, parseJsonValue } from './method-args.ts';

const params = {
  method: { type: 'string', required: true },
  docs: anyParam,
  dt: anyParam,
  dn: anyParam,
  arg: anyParam,
  args: anyParam,
} as const;

/**
 * Registers `run_doc_method` and its old name `runserverobj`. The user needs read permission on the
 * document; the method must be whitelisted for the DocType (else 403). The reply carries the method's
 * result as `message` and the document as `docs: [doc]`. A `docs` copy whose `modified` is older than the
 * stored document's is refused with TimestampMismatchError, as Frappe's `check_if_latest`.
 */
export function registerDocMethodMethods(registry: MethodRegistry, model: ModelServices): void {
  const handler = async (
    ctx: RequestContext,
    {
      method,
      docs,
      dt,
      dn,
      arg,
      args,
    }: { method: string; docs?: unknown; dt?: unknown; dn?: unknown; arg?: unknown; args?: unknown },
  ) => {
    const dctx = docContextOf(ctx, model);
    const raw = parseJsonValue(args ?? arg);
    const kwargs =
      raw === undefined || raw === null || raw === ''
        ? {}
        : typeof raw === 'object' && !Array.isArray(raw)
          ? (raw as Record<string, unknown>)
          : { args: raw };
    if (typeof dt === 'string' && dt) {
      const name = typeof dn === 'string' && dn ? dn : dt;
      if (!dctx.controllers.method(dt, method, dctx))
        throw new PermissionError(`Method ${method} is not whitelisted`);
      const { message, doc } = await runDocMethod(dctx, dt, name, method, kwargs, 'read');
      ctx.response.docs = [doc];
      return message;
    }
    const doc = objectArg(docs, 'docs') as Doc;
    const message = await runMethodOnCopy(dctx, doc, method, kwargs, 'read');
    ctx.response.docs = [doc];
    return message;
  };
  registry.whitelist('run_doc_method', { params }, handler);
  registry.whitelist('runserverobj', { params }, handler);
}
