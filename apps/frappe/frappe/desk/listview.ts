// `frappe.desk.listview` (Frappe v15): a DocType's List View Settings and the sidebar's group-by counts.
import { DoesNotExistError, ValidationError, whitelist } from 'cortado';
import { groupByCount } from './group-by-count.ts';

const doctypeParam = { type: 'string', required: true } as const;
const settingsDocType = 'List View Settings';
// What `set_list_settings` may change: the DocType's fields, nothing of the record's identity.
const settable = [
  'disable_count',
  'disable_comment_count',
  'disable_sidebar_stats',
  'disable_auto_refresh',
  'enable_edit',
  'total_fields',
  'fields',
];

/** The DocType's List View Settings, or nothing when it has none (readable by every desk user, as Frappe). */
export const get_list_settings = whitelist(
  { params: { doctype: doctypeParam } },
  async (ctx, { doctype }) => {
    try {
      return await ctx.getDoc(settingsDocType, doctype);
    } catch (error) {
      if (error instanceof DoesNotExistError) return undefined;
      throw error;
    }
  },
);

/** Creates or updates the DocType's List View Settings from `values` (JSON); System Manager, as Frappe. */
export const set_list_settings = whitelist(
  { methods: ['POST', 'PUT'], params: { doctype: doctypeParam, values: { type: 'object', required: true } } },
  async (ctx, { doctype, values }) => {
    await ctx.getMeta(doctype);
    const changes: Record<string, unknown> = {};
    for (const key of settable) if (key in values) changes[key] = values[key];
    if (typeof changes.fields === 'object' && changes.fields !== null)
      changes.fields = JSON.stringify(changes.fields);
    if (await ctx.exists(settingsDocType, doctype)) {
      const doc = await ctx.getDoc(settingsDocType, doctype);
      await ctx.save({ ...doc, ...changes });
    } else {
      await ctx.insert({ doctype: settingsDocType, name: doctype, ...changes });
    }
    return undefined;
  },
);

/** `[{name, count}]` per value of `field` (or per assignee for `assigned_to`) among the filtered documents. */
export const get_group_by_count = whitelist(
  {
    params: {
      doctype: doctypeParam,
      current_filters: { type: 'json' },
      field: { type: 'string', required: true },
    },
  },
  (ctx, { doctype, current_filters, field }) => {
    const filters = current_filters === '' || current_filters === null ? undefined : current_filters;
    if (filters !== undefined && typeof filters !== 'object')
      throw new ValidationError('current_filters must be JSON');
    return groupByCount(ctx, doctype, filters, field);
  },
);
