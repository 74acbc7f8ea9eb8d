// `frappe.model.rename_doc.update_document_title` (Frappe v15): the form's title editor — a new title, a new
// name, or both, on a document the user may write.
import { PermissionError, whitelist } from 'cortado';

const optionalText = { type: 'string' } as const;

/** Renames and/or retitles `doctype` `docname`; returns the document's (new) name. */
export const update_document_title = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: {
      doctype: { type: 'string', required: true },
      docname: { type: ['string', 'float'], required: true },
      title: optionalText,
      name: optionalText,
      new_title: optionalText,
      new_name: optionalText,
      merge: { type: 'boolean' },
      enqueue: { type: 'boolean' },
      freeze: { type: 'any' },
      freeze_message: { type: 'any' },
    },
  },
  async (ctx, args) => {
    const title = args.new_title || args.title;
    const newName = args.new_name || args.name;
    const doc = await ctx.getDoc(args.doctype, String(args.docname));
    if (!(await ctx.hasPermission(doc.doctype, 'write', doc)))
      throw new PermissionError(`No permission to write ${doc.doctype} ${String(doc.name)}`);
    const meta = await ctx.getMeta(doc.doctype);
    const titleField = titleFieldOf(meta);
    const titleUpdated = Boolean(title) && titleField !== 'name' && title !== doc[titleField];
    let name = String(doc.name);
    if (newName && newName !== name)
      name = await ctx.rename(doc.doctype, name, newName, { merge: args.merge });
    if (titleUpdated) {
      const current = await ctx.getDoc(doc.doctype, name);
      current[titleField] = title;
      await ctx.save(current);
      ctx.msgprint('Saved', { alert: true, indicator: 'green' });
    }
    return name;
  },
);

// Frappe's `get_title_field`: `title_field` when it names a field, else `title` when there is one, else `name`.
function titleFieldOf(meta: Readonly<Record<string, unknown>>): string {
  const fields = ((meta.fields as Array<{ fieldname?: string }> | undefined) ?? []).map((f) => f.fieldname);
  const declared = meta.title_field;
  if (typeof declared === 'string' && fields.includes(declared)) return declared;
  if (fields.includes('title')) return 'title';
  return 'name';
}
