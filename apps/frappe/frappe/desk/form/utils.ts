// `frappe.desk.form.utils` (Frappe v15): helpers the form calls.
import { whitelist } from 'cortado';
import { nextDocName } from './next-doc.ts';

/** The next/previous document's name in the list's order (`prev` 1 for previous); none at either end. */
export const get_next = whitelist(
  {
    params: {
      doctype: { type: 'string', required: true },
      value: { type: ['string', 'float'], required: true },
      prev: { type: ['int', 'boolean'], required: true },
      filters: { type: 'json' },
      sort_order: { type: 'string' },
      sort_field: { type: 'string' },
    },
  },
  (ctx, { doctype, value, prev, filters, sort_order, sort_field }) =>
    nextDocName(ctx, { doctype, value: String(value), prev: Boolean(prev), filters, sort_order, sort_field }),
);
