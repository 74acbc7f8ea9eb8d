// `frappe.get_doc` / `frappe.get_single` for app code: the stored document with its child rows, loaded by the
// document engine without a read-permission check (as Frappe's, which leave that to the caller: whitelisted
// methods check with `getList` or raise PermissionError themselves). Virtual DocTypes ask their controller.
import { DoesNotExistError, ValidationError } from '../errors/index.ts';
import type { DocContext } from '../model/context.ts';
import { childMetasOf } from '../model/document/child-metas.ts';
import type { Doc } from '../model/document/doc.ts';
import { getDoc } from '../model/document/get.ts';
import { loadDoc } from '../model/document/load.ts';
import { serializeDoc } from '../model/document/serialize.ts';
import { loadSingle } from '../model/document/single.ts';
import { virtualDocType } from '../model/virtual/virtual-doctypes.ts';

/**
 * A document as stored (a Single's from `tabSingles`), serialised as the engine returns documents.
 * DoesNotExistError (404) when there is none.
 *
 * @example const article = await loadAppDoc(dctx, 'Article', 'ART-0001');
 */
export async function loadAppDoc(dctx: DocContext, doctype: string, name: string): Promise<Doc> {
  if (virtualDocType(dctx, doctype)) return getDoc(dctx, doctype, name);
  const meta = await dctx.metas.get(dctx.db, doctype);
  const childMetas = await childMetasOf(dctx, meta);
  if (meta.isSingle) return serializeDoc(await loadSingle(dctx, meta, childMetas), meta, childMetas);
  if (meta.isChild)
    throw new ValidationError(`${meta.name} is a child table: read its rows through their parent document`);
  const doc = await loadDoc(dctx, meta, childMetas, String(name));
  if (!doc) throw new DoesNotExistError(`${meta.name} ${name} not found`);
  return serializeDoc(doc, meta, childMetas);
}
