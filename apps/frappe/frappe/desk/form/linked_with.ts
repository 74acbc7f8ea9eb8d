// `frappe.desk.form.linked_with` (Frappe v15): the form's "Linked With" — which DocTypes can link to a
// document's DocType, and the documents that do.
import { whitelist } from 'cortado';
import { linkedDocs } from './linked-docs.ts';
import { linkedDocTypes } from './linked-doctypes.ts';

/** `{ DocType: {fieldname | child_doctype | doctype_fieldname | get_parent} }` for `doctype`. */
export const get_linked_doctypes = whitelist(
  {
    params: {
      doctype: { type: 'string', required: true },
      without_ignore_user_permissions_enabled: { type: 'any' },
    },
  },
  async (ctx, { doctype }) => {
    await ctx.getMeta(doctype);
    return linkedDocTypes(ctx, doctype);
  },
);

/** `{ DocType: [rows] }`: the documents (readable by the user) linking to `doctype` `name`, per `linkinfo`. */
export const get_linked_docs = whitelist(
  {
    params: {
      doctype: { type: 'string', required: true },
      name: { type: ['string', 'float'], required: true },
      linkinfo: { type: 'object' },
      for_doctype: { type: 'string' },
    },
  },
  (ctx, { doctype, name, linkinfo }) => linkedDocs(ctx, doctype, String(name), linkinfo ?? {}),
);
