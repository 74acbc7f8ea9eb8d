// `frappe.client` methods the desk's form calls that Cortado's core does not answer itself (Frappe v15's
// `frappe/client.py`); the rest of `frappe.client` is in the backend's core methods.
import { ValidationError, whitelist } from 'cortado';

const required = { type: 'string', required: true } as const;
const nameParam = { type: ['string', 'float'], required: true } as const;

/**
 * The name of a document amended from `docname`, or nothing; `false` when the user may not read the DocType or
 * it cannot be amended (no `amended_from`).
 */
export const is_document_amended = whitelist(
  { params: { doctype: required, docname: nameParam } },
  async (ctx, { doctype, docname }) => {
    if (!(await ctx.hasPermission(doctype, 'read'))) return false;
    try {
      return (await ctx.exists(doctype, { amended_from: String(docname) })) ?? null;
    } catch (error) {
      if (error instanceof ValidationError) return false; // no amended_from column
      throw error;
    }
  },
);

/** `{permissions: {read: 1, write: 0, ...}}`: what the user may do with one document. */
export const get_doc_permissions = whitelist(
  { params: { doctype: required, docname: nameParam } },
  async (ctx, { doctype, docname }) => {
    const doc = await ctx.getDoc(doctype, String(docname));
    return { permissions: await ctx.getDocPermissions(doc) };
  },
);
