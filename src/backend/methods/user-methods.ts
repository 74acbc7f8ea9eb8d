// User administration methods the desk calls (Frappe's `frappe/core/doctype/user/user.py`).
import { generateApiKeys } from '../../auth/users.ts';
import { PermissionError } from '../../errors/index.ts';
import { getRoles } from '../../model/permissions/index.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import { nameParam } from './method-args.ts';

/**
 * Registers `frappe.core.doctype.user.user.generate_keys` (POST, System Manager only, as in Frappe): gives
 * `user` an API key (kept if it has one) and a new secret, returned once as `{api_secret}`; only its hash is stored.
 */
export function registerUserMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.core.doctype.user.user.generate_keys',
    { methods: ['POST'], params: { user: { ...nameParam, required: true } } },
    async (ctx, { user }) => {
      const roles = await getRoles(docContextOf(ctx, model));
      if (ctx.user !== 'Administrator' && !roles.includes('System Manager')) throw new PermissionError();
      const { apiSecret } = await generateApiKeys(ctx.db, String(user));
      return { api_secret: apiSecret };
    },
  );
}
