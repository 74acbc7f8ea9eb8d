// `frappe.desk.form.save` (Frappe v15): the form's Save / Submit / Update / Cancel, through the document engine
// (controllers, permissions, a stale `modified` refused with TimestampMismatchError), answering with the saved
// document in `docs` and its `docinfo`, and Frappe's "Saved" / "Cancelled" toast.
import { type AppContext, type Doc, ValidationError, whitelist } from 'cortado';
import { buildDocinfo } from './docinfo.ts';

// The docstatus each form action saves with.
const docstatusOf: Record<string, 0 | 1 | 2> = { Save: 0, Submit: 1, Update: 1, Cancel: 2 };

/** Frappe's `set_local_name`: a new document and new rows lose their temporary `new-...` names. */
function withoutLocalNames(doc: Doc): { doc: Doc; localname?: string } {
  const out: Doc = { ...doc };
  let localname: string | undefined;
  if (out.__islocal) {
    localname = typeof out.name === 'string' ? out.name : undefined;
    delete out.name;
  }
  for (const [key, value] of Object.entries(out)) {
    if (!Array.isArray(value)) continue;
    out[key] = value.map((row: unknown) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
      const copy = { ...(row as Doc) };
      if (out.__islocal || copy.__islocal) delete copy.name;
      return copy;
    });
  }
  if (typeof out.__newname === 'string' && out.__newname) out.name = out.__newname;
  return localname === undefined ? { doc: out } : { doc: out, localname };
}

/** Frappe's `send_updated_docs`: the document as the user now sees it, with its docinfo. */
async function sendUpdated(ctx: AppContext, saved: Doc, localname?: string): Promise<void> {
  const doc = await ctx.readDoc(saved.doctype, String(saved.name));
  doc.__onload = {};
  if (localname !== undefined) doc.localname = localname;
  ctx.response.docinfo = await buildDocinfo(ctx, doc);
  ctx.response.docs = [doc];
}

/** Saves the form's document (`doc`, JSON) with `action` Save, Submit, Update or Cancel. */
export const savedocs = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: { doc: { type: 'object', required: true }, action: { type: 'string', required: true } },
  },
  async (ctx, { doc, action }) => {
    const docstatus = docstatusOf[action];
    if (docstatus === undefined) throw new ValidationError(`Invalid action ${action.slice(0, 40)}`);
    if (typeof doc.doctype !== 'string' || !doc.doctype)
      throw new ValidationError('The document needs its doctype');
    const { doc: input, localname } = withoutLocalNames(doc as Doc);
    input.docstatus = docstatus;
    const saved = await ctx.save(input);
    await sendUpdated(ctx, saved, localname);
    ctx.msgprint('Saved', { indicator: 'green', alert: true });
    return undefined;
  },
);

/** Cancels a submitted document (`doctype`, `name`). */
export const cancel = whitelist(
  {
    methods: ['POST', 'PUT'],
    params: {
      doctype: { type: 'string', required: true },
      name: { type: ['string', 'float'], required: true },
      workflow_state_fieldname: { type: 'string' },
      workflow_state: { type: 'string' },
    },
  },
  async (ctx, { doctype, name }) => {
    const saved = await ctx.cancel(doctype, String(name));
    await sendUpdated(ctx, saved);
    ctx.msgprint('Cancelled', { indicator: 'red', alert: true });
    return undefined;
  },
);
