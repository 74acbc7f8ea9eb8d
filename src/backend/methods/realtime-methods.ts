// `frappe.realtime` permission checks (Frappe's `frappe/realtime.py`), which Socket.IO servers call back.
import { DoesNotExistError, PermissionError } from '../../errors/index.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import type { RequestContext } from '../request-context.ts';
import { checkReadable } from './client-read-methods.ts';
import { doctypeParam, nameParam } from './method-args.ts';

/**
 * Registers `frappe.realtime.can_subscribe_doc`, `can_subscribe_doctype` and `has_permission`: `true` when
 * the user may read the DocType (or the document), else 403 PermissionError. Guests may call them (and are
 * refused unless the DocType is open to Guest). A missing document is refused like an unreadable one
 * (docs/compat.md), so the answer never tells anyone which documents exist.
 */
export function registerRealtimeMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.realtime.can_subscribe_doc',
    { allowGuest: true, params: { doctype: doctypeParam, docname: nameParam } },
    (ctx, { doctype, docname }) => readableDoc(ctx, model, doctype, String(docname)),
  );
  registry.whitelist(
    'frappe.realtime.can_subscribe_doctype',
    { allowGuest: true, params: { doctype: doctypeParam } },
    (ctx, { doctype }) => checkReadable(ctx, model, doctype),
  );
  registry.whitelist(
    'frappe.realtime.has_permission',
    { allowGuest: true, params: { doctype: doctypeParam, name: nameParam } },
    (ctx, { doctype, name }) => readableDoc(ctx, model, doctype, String(name)),
  );
}

function readableDoc(
  ctx: RequestContext,
  model: ModelServices,
  doctype: string,
  name: string,
): Promise<true> {
  return checkReadable(ctx, model, doctype, name).catch((error: unknown) => {
    throw error instanceof DoesNotExistError ? new PermissionError() : error;
  });
}
