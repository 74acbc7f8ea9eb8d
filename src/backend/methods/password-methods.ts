// `frappe.client.get_password` (Frappe's `frappe/client.py`): a document's Password field, decrypted.
import { DoesNotExistError, PermissionError } from '../../errors/index.ts';
import { docExists } from '../../model/document/get.ts';
import { getPassword } from '../../model/document/passwords.ts';
import { getRoles } from '../../model/permissions/index.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import { doctypeParam, nameParam } from './method-args.ts';

/**
 * Registers `frappe.client.get_password(doctype, name, fieldname)`: System Manager only (Frappe's
 * `only_for("System Manager")`), the plain value of the field as `message`; 401 "Password not found" when
 * none is stored.
 */
export function registerPasswordMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.client.get_password',
    { params: { doctype: doctypeParam, name: nameParam, fieldname: { type: 'string', required: true } } },
    async (ctx, { doctype, name, fieldname }) => {
      const dctx = docContextOf(ctx, model);
      const roles = await getRoles(dctx);
      if (ctx.user !== 'Administrator' && !roles.includes('System Manager')) throw new PermissionError();
      if (!(await docExists(dctx, String(doctype), String(name))))
        throw new DoesNotExistError(`${String(doctype)} ${String(name)} not found`);
      return getPassword(dctx, String(doctype), String(name), String(fieldname));
    },
  );
}
