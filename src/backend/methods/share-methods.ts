// Document sharing (Frappe's `frappe/share.py`): share a document with a user or everyone, list and revoke.
import { addShare, removeShare, setSharePermission, shareUsers } from '../../core/controllers/doc-share.ts';
import { docContextOf } from '../api/doc-context.ts';
import type { ModelServices } from '../api/model-services.ts';
import type { HttpMethod, MethodRegistry } from '../methods.ts';
import { anyParam, doctypeParam, flagArg, nameParam } from './method-args.ts';

// They write: GET would roll back (the commit rule), so only POST/PUT, as `frappe.client` writes.
const writes: readonly HttpMethod[] = ['POST', 'PUT'];
const userParam = { type: 'string' } as const;

/**
 * Registers `frappe.share.add`, `frappe.share.remove`, `frappe.share.set_permission` and
 * `frappe.share.get_users` with Frappe's arguments. Writing a share needs `share` right on the document and
 * every right granted; `notify` marks a new share `notify_by_email` (the built-in app then sends the user a
 * Notification Log of type Share).
 */
export function registerShareMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist(
    'frappe.share.add',
    {
      methods: writes,
      params: {
        doctype: doctypeParam,
        name: nameParam,
        user: userParam,
        read: anyParam,
        write: anyParam,
        submit: anyParam,
        share: anyParam,
        everyone: anyParam,
        notify: anyParam,
      },
    },
    (ctx, { doctype, name, user, write, submit, share, everyone, notify }) =>
      addShare(
        docContextOf(ctx, model),
        { doctype, name: String(name), user, everyone: flagArg(everyone, false) },
        { write: flagArg(write, false), submit: flagArg(submit, false), share: flagArg(share, false) },
        { notify: flagArg(notify, false) },
      ),
  );

  registry.whitelist(
    'frappe.share.remove',
    {
      methods: writes,
      params: { doctype: doctypeParam, name: nameParam, user: { ...userParam, required: true } },
    },
    async (ctx, { doctype, name, user }) => {
      await removeShare(docContextOf(ctx, model), doctype, String(name), user);
    },
  );

  registry.whitelist(
    'frappe.share.set_permission',
    {
      methods: writes,
      params: {
        doctype: doctypeParam,
        name: nameParam,
        user: userParam,
        permission_to: { type: 'string', required: true },
        value: anyParam,
        everyone: anyParam,
      },
    },
    (ctx, { doctype, name, user, permission_to, value, everyone }) =>
      setSharePermission(
        docContextOf(ctx, model),
        { doctype, name: String(name), user, everyone: flagArg(everyone, false) },
        permission_to,
        flagArg(value, true),
      ),
  );

  registry.whitelist(
    'frappe.share.get_users',
    { params: { doctype: doctypeParam, name: nameParam } },
    (ctx, { doctype, name }) => shareUsers(docContextOf(ctx, model), doctype, String(name)),
  );
}
