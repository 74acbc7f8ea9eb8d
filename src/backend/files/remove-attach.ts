// `frappe.desk.form.utils.remove_attach` (Frappe's): the desk's "remove attachment". Whoever may write the
// document a File is attached to may remove it (as Frappe's File permission rule has it); a File attached to
// nothing needs the File's own delete right.
import { DoesNotExistError, PermissionError } from '../../errors/index.ts';
import type { DocContext } from '../../model/context.ts';
import { childMetasOf } from '../../model/document/child-metas.ts';
import { deleteDoc } from '../../model/document/delete.ts';
import { loadDoc } from '../../model/document/load.ts';
import { hasPermission } from '../../model/permissions/has-permission.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';

/**
 * Registers `frappe.desk.form.utils.remove_attach` (DELETE/POST, `fid`: the File's name; `dt`/`dn`, which the
 * desk also sends, are not trusted: the File says what it is attached to). Deletes the File (and, once no
 * other File uses it, the stored file); replies with nothing.
 */
export function registerRemoveAttach(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.desk.form.utils.remove_attach',
    { methods: ['DELETE', 'POST'], params: { fid: { type: 'string', required: true } } },
    async (ctx, { fid }) => {
      const dctx = docContextOf(ctx, model);
      const mayRemove = await attachedDocumentWritable(dctx, fid);
      await deleteDoc(dctx, 'File', fid, { ignorePermissions: mayRemove });
      return null;
    },
  );
}

// True when the File is attached to a document the user may write; PermissionError when it is attached to one
// they may not; false (the File's own rules decide) when it is attached to nothing that exists.
async function attachedDocumentWritable(dctx: DocContext, fid: string): Promise<boolean> {
  const q = dctx.db.dialect.quote;
  const file = await dctx.db.one<{ attached_to_doctype: string | null; attached_to_name: string | null }>(
    `SELECT ${q('attached_to_doctype')}, ${q('attached_to_name')} FROM ${q('tabFile')} WHERE ${q('name')} = ?`,
    [fid],
  );
  if (!file) throw new DoesNotExistError(`File ${fid.slice(0, 140)} not found`);
  const { attached_to_doctype: doctype, attached_to_name: name } = file;
  if (!doctype || !name) return false;
  const meta = await dctx.metas.get(dctx.db, doctype).catch(() => undefined);
  if (!meta || meta.isSingle || meta.isChild || meta.isVirtual) return false;
  const doc = await loadDoc(dctx, meta, await childMetasOf(dctx, meta), name);
  if (!doc) return false;
  if (!(await hasPermission(dctx, meta, 'write', doc)))
    throw new PermissionError(`No permission to remove attachments of ${meta.name} ${name}`);
  return true;
}
