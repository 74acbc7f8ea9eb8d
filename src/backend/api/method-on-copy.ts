// A whitelisted controller method run on the client's copy of a document (the desk form's unsaved state):
// Frappe's `run_doc_method` with `docs`, and v2's `run_doc_method` with `document`.
import { normalizeTemporal } from '../../db/values.ts';
import { PermissionError, TimestampMismatchError, ValidationError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import { childMetasOf } from '../../model/document/child-metas.ts';
import type { Doc } from '../../model/document/doc.ts';
import { loadDoc } from '../../model/document/load.ts';
import { checkPermission } from '../../model/permissions/has-permission.ts';

/**
 * Runs `method` (whitelisted for the DocType, else 403) on `copy` as the client sent it. A copy of a stored
 * document must carry the stored `modified` when it carries one (TimestampMismatchError otherwise, Frappe's
 * `check_if_latest`); the user needs `ptype` on the stored document (or, for an unsaved copy, on a document
 * they would own). The method may change `copy`, which the caller sends back as `docs`.
 */
export async function runMethodOnCopy(
  dctx: DocContext,
  copy: Doc,
  method: string,
  args: Record<string, unknown>,
  ptype: 'read' | 'write',
): Promise<unknown> {
  if (typeof copy.doctype !== 'string' || copy.doctype === '')
    throw new ValidationError('The document must name its doctype');
  const meta = await dctx.metas.get(dctx.db, copy.doctype);
  const fn = dctx.controllers.method(meta.name, method, dctx);
  if (!fn) throw new PermissionError(`Method ${method} is not whitelisted`);
  const stored =
    copy.name && !meta.isSingle && !meta.isChild
      ? await loadDoc(dctx, meta, await childMetasOf(dctx, meta), String(copy.name))
      : undefined;
  const sent = copy.modified;
  if (stored && sent && normalizeTemporal(String(sent)) !== normalizeTemporal(String(stored.modified)))
    throw new TimestampMismatchError();
  await checkPermission(dctx, meta, ptype, stored ?? { ...copy, owner: copy.owner ?? dctx.user });
  return fn(copy, { ctx: dctx, meta, args });
}
