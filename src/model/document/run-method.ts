import { DoesNotExistError } from '../../errors/index.ts';
import type { DocContext } from '../context.ts';
import { checkPermission } from '../permissions/has-permission.ts';
import type { Right } from '../permissions/rights.ts';
import { childMetasOf } from './child-metas.ts';
import type { Doc } from './doc.ts';
import { assertStandalone } from './insert.ts';
import { loadDoc } from './load.ts';
import { output } from './operation.ts';
import { loadSingle } from './single.ts';

/**
 * Runs a whitelisted document method (Frappe's `run_doc_method`, `?run_method=` of the resource API): the
 * document is loaded, the user needs `ptype` on it (read for GET, write for POST), the method registered
 * with `ControllerRegistry.whitelist` runs; returns its result and the document as stored afterwards.
 * DoesNotExistError when the document or the method does not exist.
 *
 * @example const { message } = await runDocMethod(ctx, 'ToDo', name, 'close', {}, 'write');
 */
export async function runDocMethod(
  ctx: DocContext,
  doctype: string,
  name: string,
  method: string,
  args: Record<string, unknown> = {},
  ptype: Right = 'read',
): Promise<{ message: unknown; doc: Doc }> {
  const meta = await ctx.metas.get(ctx.db, doctype);
  const childMetas = await childMetasOf(ctx, meta);
  if (!meta.isSingle) assertStandalone(meta);
  const load = () =>
    meta.isSingle ? loadSingle(ctx, meta, childMetas) : loadDoc(ctx, meta, childMetas, String(name));
  const doc = await load();
  if (!doc) throw new DoesNotExistError(`${doctype} ${name} not found`);
  await checkPermission(ctx, meta, ptype, doc);
  const fn = ctx.controllers.method(meta.name, method, ctx);
  if (!fn) throw new DoesNotExistError(`Method ${method} not found`);
  const message = await fn(doc, { ctx, meta, args });
  const after = (await load()) ?? doc;
  return { message, doc: await output(ctx, meta, childMetas, after) };
}
