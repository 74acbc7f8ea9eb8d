// `frappe.desk.reportview` (Frappe's `frappe/desk/reportview.py`): the list calls of the desk and frappe-ui.

import type { ModelServices } from '../api/model-services.ts';
import type { MethodRegistry } from '../methods.ts';
import { countForMethod, listForMethod, listParams } from './client-read-methods.ts';
import { anyParam, flagArg } from './method-args.ts';

/**
 * Registers `frappe.desk.reportview.get_list` (rows as objects), `get` (Frappe's compressed
 * `{keys, values}`) and `get_count` (capped at `limit` when one is given), all permission-filtered.
 */
export function registerReportviewMethods(registry: MethodRegistry, model: ModelServices): void {
  registry.whitelist('frappe.desk.reportview.get_list', { params: listParams }, (ctx, args) =>
    listForMethod(ctx, model, { ...args, as_dict: true }),
  );

  registry.whitelist('frappe.desk.reportview.get', { params: listParams }, async (ctx, args) => {
    const rows = (await listForMethod(ctx, model, { ...args, as_dict: true })) as Record<string, unknown>[];
    if (!rows.length) return rows;
    const keys = Object.keys(rows[0]!);
    return { keys, values: rows.map((row) => keys.map((k) => row[k] ?? null)), user_info: {} };
  });

  registry.whitelist(
    'frappe.desk.reportview.get_count',
    { params: { ...listParams, distinct: anyParam } },
    async (ctx, args) => {
      const count = await countForMethod(ctx, model, { ...args, distinct: flagArg(args.distinct, false) });
      const limit =
        typeof args.limit === 'string' || typeof args.limit === 'number'
          ? Number.parseInt(`${args.limit}`, 10)
          : 0;
      return Number.isFinite(limit) && limit > 0 ? Math.min(count, limit) : count;
    },
  );
}
