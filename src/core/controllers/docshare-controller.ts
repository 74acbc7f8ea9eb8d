import { DoesNotExistError, MandatoryError, ValidationError } from '../../errors/index.ts';
import type { ControllerRegistry } from '../../model/controllers/registry.ts';
import { checkSharePermission } from './doc-share.ts';

/**
 * The DocShare controller (Frappe's `DocShare`): a share is for everyone (then no user) or for one user;
 * `write`, `submit` and `share` imply `read`, and `submit` implies `write`; `submit` only on submittable
 * DocTypes; whoever writes or deletes a share needs `share` right on the shared document, however the row
 * is reached (`frappe.share.*` or `/api/resource/DocShare`).
 */
export function registerDocShareController(registry: ControllerRegistry): void {
  registry.on('DocShare', 'validate', async (doc, { ctx }) => {
    if (Number(doc.everyone)) doc.user = null;
    else if (!doc.user) throw new MandatoryError('User is mandatory for Share');
    if (Number(doc.share) || Number(doc.write) || Number(doc.submit)) doc.read = 1;
    if (Number(doc.submit)) doc.write = 1;
    const doctype = String(doc.share_doctype ?? '');
    const name = String(doc.share_name ?? '');
    if (!doctype || !name)
      throw new MandatoryError('Document Type and Document Name are mandatory for Share');
    if (Number(doc.submit) && !(await ctx.metas.get(ctx.db, doctype)).isSubmittable) {
      throw new ValidationError(
        `Cannot share ${name} with submit permission as the doctype ${doctype} is not submittable`,
      );
    }
    await checkSharePermission(ctx, doctype, name);
  });
  registry.on('DocShare', 'on_trash', async (doc, { ctx }) => {
    try {
      await checkSharePermission(ctx, String(doc.share_doctype), String(doc.share_name));
    } catch (error) {
      // A share of a document that is gone protects nothing: whoever may delete DocShares may drop it.
      if (!(error instanceof DoesNotExistError)) throw error;
    }
  });
}
