// `frappe.desk.reportview` methods of the list view beyond the list queries the backend's core answers
// (`get`, `get_list`, `get_count`): bulk delete and the sidebar's counts (Frappe v15).
import { type AppContext, ValidationError, whitelist } from 'cortado';
import { deleteBulk } from './bulk-delete.ts';
import { sidebarStats } from './sidebar-stats.ts';

const doctypeParam = { type: 'string', required: true } as const;
// Frappe deletes up to this many in the request; more go to a background job.
const inlineLimit = 10;

function jsonList(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) throw new ValidationError(`${what} must be a list`);
  return value;
}

/** Deletes the selected documents (`items`, a JSON list of names); more than ten are deleted by a job. */
export const delete_items = whitelist(
  {
    methods: ['POST', 'DELETE'],
    params: { items: { type: 'array', required: true }, doctype: doctypeParam },
  },
  async (ctx, { items, doctype }) => {
    await ctx.getMeta(doctype);
    const names = items.map((i) => {
      if (typeof i !== 'string' && typeof i !== 'number') throw new ValidationError('items must be names');
      return String(i);
    });
    names.sort().reverse();
    if (names.length > inlineLimit)
      await ctx.enqueue('frappe.desk.reportview.delete_bulk', { kwargs: { doctype, items: names } });
    else await deleteBulk(ctx, doctype, names);
    return undefined;
  },
);

/** The job behind a large `delete_items`. */
export async function delete_bulk(ctx: AppContext, kwargs: Record<string, unknown>): Promise<void> {
  const items = jsonList(kwargs.items, 'items').map(String);
  await deleteBulk(ctx, String(kwargs.doctype), items);
}

const statsParams = {
  stats: { type: 'array', required: true },
  doctype: doctypeParam,
  filters: { type: 'json' },
} as const;

/** `{stats: {column: [[value, count], ...]}}` for the list sidebar. */
export const get_sidebar_stats = whitelist(
  { params: statsParams },
  async (ctx, { stats, doctype, filters }) => ({
    stats: await sidebarStats(ctx, doctype, stats, jsonList(filters, 'filters')),
  }),
);

/** `{column: [[value, count], ...]}` (Frappe's older sidebar call). */
export const get_stats = whitelist({ params: statsParams }, (ctx, { stats, doctype, filters }) =>
  sidebarStats(ctx, doctype, stats, jsonList(filters, 'filters')),
);
